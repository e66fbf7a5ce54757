package uk.saferschools.oversight.records;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import uk.saferschools.oversight.classification.EthnicGroup;

/**
 * The labels of one police.uk file, each with how the import classified it ({@link PoliceUkLabels}): the census
 * category and broad group of each self-defined ethnicity, the group of each officer-defined one, the normalised
 * name of each outcome. A record's row keeps the label as published; its classification is kept once a label, in
 * V31's {@code police_uk_self_defined_ethnicity}, {@code police_uk_officer_defined_ethnicity} and
 * {@code police_uk_outcome}, which {@code stop_search_classified} joins (ADR 0024).
 */
final class ClassifiedLabels {

    private final Map<String, PoliceUkLabels.SelfDefined> selfDefined = new HashMap<>();
    private final Map<String, EthnicGroup> officerDefined = new HashMap<>();
    private final Map<String, PoliceUkLabels.Outcome> outcomes = new HashMap<>();

    void selfDefined(String label, PoliceUkLabels.SelfDefined classified) {
        selfDefined.putIfAbsent(label, classified);
    }

    void officerDefined(String label, EthnicGroup group) {
        officerDefined.putIfAbsent(label, group);
    }

    void outcome(String label, PoliceUkLabels.Outcome outcome) {
        outcomes.putIfAbsent(label, outcome);
    }

    /**
     * Adds the labels the database does not hold yet, in the import's transaction, and returns a problem for each
     * label it holds classified otherwise (a later version of {@link PoliceUkLabels} classifying a label anew must
     * reclassify the records held with it, in a migration): every record held with a label is read through that
     * label's one classification, so such a file is refused whole. The labels go in sorted (by the insert's own order), so two imports adding
     * the same new labels at once wait for each other instead of deadlocking; the check is a statement of its own,
     * so it sees a label another import added and committed while this one waited for it.
     */
    List<ImportProblem> store(Connection connection, String file) throws SQLException {
        List<String> differ = new ArrayList<>();
        differ.addAll(stored(connection, "police_uk_self_defined_ethnicity", "census_category", "ethnic_group",
                selfDefined.keySet().toArray(String[]::new),
                selfDefined.values().stream().map(s -> s.category() == null ? null : s.category().name()).toArray(String[]::new),
                selfDefined.values().stream().map(s -> s.group() == null ? null : s.group().name()).toArray(String[]::new)));
        differ.addAll(stored(connection, "police_uk_officer_defined_ethnicity", "ethnic_group", null,
                officerDefined.keySet().toArray(String[]::new),
                officerDefined.values().stream().map(Enum::name).toArray(String[]::new), null));
        differ.addAll(stored(connection, "police_uk_outcome", "outcome", null,
                outcomes.keySet().toArray(String[]::new),
                outcomes.values().stream().map(Enum::name).toArray(String[]::new), null));
        return differ.stream().map(d -> ImportProblem.ofFile(file, d, "each label classified as the records held "
                + "classify it; this version of the application classifies this one otherwise, so the records held "
                + "with it must be reclassified (by a migration) before this file can be imported")).toList();
    }

    /** Inserts the labels not held yet; returns each held label classified otherwise, described. */
    private static List<String> stored(Connection connection, String table, String first, String second,
            String[] labels, String[] firsts, String[] seconds) throws SQLException {
        if (labels.length == 0) {
            return List.of();
        }
        String columns = second == null ? first : first + ", " + second;
        String held = second == null ? "h." + first : "(h." + first + ", h." + second + ")";
        String given = held.replace("h.", "g.");
        String unnest = "unnest(?::text[], ?::text[]" + (second == null ? "" : ", ?::text[]") + ")";
        List<String> differ = new ArrayList<>();
        try (PreparedStatement insert = connection.prepareStatement("insert into %s (label, %s) select * from %s "
                .formatted(table, columns, unnest) + "order by 1 on conflict (label) do nothing")) {
            bind(connection, insert, labels, firsts, seconds);
            insert.executeUpdate();
        }
        try (PreparedStatement check = connection.prepareStatement("""
                select g.label, %4$s::text as held, %5$s::text as given
                from %3$s as g (label, %1$s) join %2$s h on h.label = g.label
                where %4$s is distinct from %5$s
                order by g.label""".formatted(columns, table, unnest, held, given))) {
            bind(connection, check, labels, firsts, seconds);
            try (ResultSet rs = check.executeQuery()) {
                while (rs.next()) {
                    differ.add("the label \"" + rs.getString("label") + "\", held classified as " + rs.getString("held")
                            + " (" + table + "), not " + rs.getString("given"));
                }
            }
        }
        return differ;
    }

    private static void bind(Connection connection, PreparedStatement statement, String[] labels, String[] firsts,
            String[] seconds) throws SQLException {
        statement.setArray(1, connection.createArrayOf("text", labels));
        statement.setArray(2, connection.createArrayOf("text", firsts));
        if (seconds != null) {
            statement.setArray(3, connection.createArrayOf("text", seconds));
        }
    }
}
