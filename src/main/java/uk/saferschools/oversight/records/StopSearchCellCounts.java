package uk.saferschools.oversight.records;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The cells of one police.uk file (V27's {@code stop_search_cell}: counts by ethnicity definition and group, borough,
 * age band and vehicle search or not), counted row by row as the file's valid rows are checked, so that the import
 * need not read its rows back to count them (ADR 0021). Each row counts once under each definition: its
 * self-defined group and its officer-defined group, either of which may be blank. The cells are stored by V30's
 * {@code stop_search_cells_store}, which takes them only in the transaction of the import they are of and only if
 * they count its rows exactly; that they say what a count over the records says is
 * {@code KeepingTheCellTableInStepWithTheRecordsTest}'s to prove.
 */
final class StopSearchCellCounts {

    /** The counts of one cell, in {@code stop_search_cell}'s order. */
    private static final class Counts {
        long events;
        long arrests;
        long moreThanOuterClothing;
        long arrestedAndMoreThanOuterClothing;
        long outcomeKnown;
        long outcomeLinked;
    }

    private record Cell(String definition, String group, String borough, String ageBand, boolean vehicle) {
    }

    private final Map<Cell, Counts> cells = new HashMap<>();

    /** Counts one valid row, as V27's recount reads it from {@code stop_search}. */
    void count(String selfDefinedGroup, String officerDefinedGroup, String borough, String ageRange, String type,
            boolean arrest, Boolean moreThanOuterClothing, Boolean outcomeLinked) {
        String ageBand = "under 10".equals(ageRange) || "10-17".equals(ageRange) ? ageRange : "other";
        boolean vehicle = "Vehicle search".equals(type);
        boolean moreThanOuter = Boolean.TRUE.equals(moreThanOuterClothing);
        add(new Cell("SELF", selfDefinedGroup, borough, ageBand, vehicle), arrest, moreThanOuter, outcomeLinked);
        add(new Cell("OFFICER", officerDefinedGroup, borough, ageBand, vehicle), arrest, moreThanOuter, outcomeLinked);
    }

    private void add(Cell cell, boolean arrest, boolean moreThanOuter, Boolean linked) {
        Counts counts = cells.computeIfAbsent(cell, c -> new Counts());
        counts.events++;
        if (arrest) {
            counts.arrests++;
        }
        if (moreThanOuter) {
            counts.moreThanOuterClothing++;
            if (arrest) {
                counts.arrestedAndMoreThanOuterClothing++;
            }
        }
        if (linked != null) {
            counts.outcomeKnown++;
            if (linked) {
                counts.outcomeLinked++;
            }
        }
    }

    /**
     * {@code select stop_search_cells_store(?, ?, …)} with the cells as arrays, one element a cell: the batch's id
     * first, then definition, group, borough, age band, vehicle and the six counts.
     */
    void store(Connection connection, long batchId) throws SQLException {
        int n = cells.size();
        String[] definitions = new String[n];
        String[] groups = new String[n];
        String[] boroughs = new String[n];
        String[] ageBands = new String[n];
        Boolean[] vehicles = new Boolean[n];
        Long[][] counts = new Long[6][n];
        int i = 0;
        for (Map.Entry<Cell, Counts> entry : cells.entrySet()) {
            Cell cell = entry.getKey();
            Counts c = entry.getValue();
            definitions[i] = cell.definition();
            groups[i] = cell.group();
            boroughs[i] = cell.borough();
            ageBands[i] = cell.ageBand();
            vehicles[i] = cell.vehicle();
            counts[0][i] = c.events;
            counts[1][i] = c.arrests;
            counts[2][i] = c.moreThanOuterClothing;
            counts[3][i] = c.arrestedAndMoreThanOuterClothing;
            counts[4][i] = c.outcomeKnown;
            counts[5][i] = c.outcomeLinked;
            i++;
        }
        try (var store = connection.prepareStatement(
                "select stop_search_cells_store(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            store.setLong(1, batchId);
            store.setArray(2, connection.createArrayOf("text", definitions));
            store.setArray(3, connection.createArrayOf("text", groups));
            store.setArray(4, connection.createArrayOf("text", boroughs));
            store.setArray(5, connection.createArrayOf("text", ageBands));
            store.setArray(6, connection.createArrayOf("boolean", vehicles));
            for (int k = 0; k < 6; k++) {
                store.setArray(7 + k, connection.createArrayOf("bigint", counts[k]));
            }
            store.executeQuery().close();
        }
    }

    @Override
    public String toString() {
        return cells.size() + " cells";
    }
}
