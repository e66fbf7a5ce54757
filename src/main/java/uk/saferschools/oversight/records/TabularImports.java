package uk.saferschools.oversight.records;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.classification.CensusEthnicCategory;
import uk.saferschools.oversight.classification.EthnicGroup;

/**
 * Imports the smaller files: our extended records of powers used (docs/formats/extended-records.md),
 * schools in the DfE GIAS layout, and Safer Schools Officer deployments (docs/formats/sso-deployments.md).
 * The same rules as police.uk files: every row checked first, a file imported whole or not at all
 * (or its invalid rows quarantined when asked), the same file never twice, every import audited.
 */
@Service
public class TabularImports {

    /** A kind of file: its columns and how a row becomes the values of its INSERT. */
    enum Kind {
        EXTENDED("extended record", "extended records"), SCHOOLS("school (GIAS)", "schools (GIAS)"),
        DEPLOYMENTS("SSO deployment", "SSO deployments"), SCHOOL_ROLL("school roll count", "school roll counts");

        /** One of them, and more than one: "1 school (GIAS)", "40 schools (GIAS)". */
        final String one;
        final String description;

        Kind(String one, String description) {
            this.one = one;
            this.description = description;
        }
    }

    static final List<String> EXTENDED_COLUMNS = List.of("record_reference", "power", "occurred_at", "force",
            "borough_code", "school_urn", "on_school_premises", "sso_involved", "officer_team", "age_years", "age_band",
            "gender", "self_defined_ethnicity", "officer_defined_ethnicity", "legislation", "object_of_search", "outcome",
            "outcome_linked", "appropriate_adult_present", "location_type", "safeguarding_referral", "force_tactics",
            "bwv_recorded", "bwv_reference");
    static final List<String> SCHOOL_COLUMNS = List.of("URN", "EstablishmentName", "LA (code)", "PhaseOfEducation (name)",
            "TypeOfEstablishment (name)", "EstablishmentStatus (name)", "Postcode", "Easting", "Northing");
    static final List<String> DEPLOYMENT_COLUMNS = List.of("officer_team", "school_urn", "from_date", "to_date");
    static final List<String> SCHOOL_ROLL_COLUMNS = List.of("urn", "academic_year", "ethnic_group", "pupils");
    /** The school roll's groups: the five broad groups, and Unknown (unclassified or refused). */
    static final Map<String, String> ROLL_GROUPS = Map.of("asian", "ASIAN", "black", "BLACK", "mixed", "MIXED",
            "other", "OTHER", "white", "WHITE", "unknown", "UNKNOWN", "unclassified", "UNKNOWN");

    static final Map<String, String> POWERS = Map.of(
            "stop and search", "STOP_AND_SEARCH", "arrest", "ARREST", "use of force", "USE_OF_FORCE",
            "more thorough search", "MORE_THOROUGH_SEARCH",
            "strip search exposing intimate parts", "STRIP_SEARCH_INTIMATE_PARTS", "handcuffing", "HANDCUFFING");
    static final List<String> LOCATION_TYPES = List.of("school", "street", "police station", "home", "vehicle", "other");

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final TransactionTemplate transactions;
    private final AuditTrail auditTrail;
    private final RecordsProperties properties;
    private final RecordImports policeUk;
    private final Pseudonyms pseudonyms;

    TabularImports(JdbcClient jdbc, JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager,
                   AuditTrail auditTrail, RecordsProperties properties, RecordImports policeUk, Pseudonyms pseudonyms) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.transactions = new TransactionTemplate(transactionManager);
        this.auditTrail = auditTrail;
        this.properties = properties;
        this.policeUk = policeUk;
        this.pseudonyms = pseudonyms;
    }

    /** Which kind of file this is, from its header line: police.uk, extended records, schools or deployments. */
    public static Optional<Kind> kindOf(Path file) throws IOException {
        String first;
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            first = reader.readLine();
        } catch (java.nio.charset.MalformedInputException e) {
            return Optional.empty();
        }
        if (first == null) {
            return Optional.empty();
        }
        String header = first.replace("\uFEFF", "").toLowerCase(Locale.ROOT);
        if (header.startsWith("record_reference,")) {
            return Optional.of(Kind.EXTENDED);
        }
        if (header.startsWith("officer_team,")) {
            return Optional.of(Kind.DEPLOYMENTS);
        }
        if (header.startsWith("urn,academic_year,")) {
            return Optional.of(Kind.SCHOOL_ROLL);
        }
        if (header.contains("urn,") && header.contains("establishmentname")) {
            return Optional.of(Kind.SCHOOLS);
        }
        return Optional.empty();
    }

    /** Imports any kind of records file, telling the kind from its header; police.uk when it is none of ours. */
    public ImportOutcome importFile(Path file, String name, ImportOptions options, ImportProgress progress) {
        try {
            Optional<Kind> kind = kindOf(file);
            if (kind.isEmpty()) {
                return policeUk.importPoliceUk(file, name, options, progress);
            }
            return importKind(kind.get(), file, name, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ImportOutcome importKind(Kind kind, Path file, String name, ImportOptions options) throws IOException {
        Instant started = Instant.now();
        long size = Files.size(file);
        if (size > properties.maxFileSize().toBytes()) {
            return policeUk.reject(kind.name(), name, null, size, null, null, started, options, 0, List.of(
                    ImportProblem.ofFile(name, size + " bytes", "a file within the configured limit (oversight.records.max-file-size)")), 1);
        }
        FileCheck.Result check = FileCheck.of(file, name);
        if (check.problem().isPresent()) {
            return policeUk.reject(kind.name(), name, check.sha256(), size, null, null, started, options, 0,
                    List.of(check.problem().get()), 1);
        }
        Optional<Long> same = jdbc.sql("select id from import_batch where kind = ? and content_hash = ? and status = 'ACTIVE' "
                + "order by id desc limit 1").params(kind.name(), check.sha256()).query(Long.class).optional();
        if (same.isPresent()) {
            auditTrail.record(options.by(), "IMPORT_UNCHANGED", "import:" + name, null,
                    "same content as import " + same.get() + "; nothing changed");
            return new ImportOutcome(name, ImportOutcome.Status.UNCHANGED, same.get(), 0, 0, 0, List.of(), 0,
                    name + ": already imported (import " + same.get() + "); nothing changed");
        }

        List<ImportProblem> problems = new ArrayList<>();
        long[] total = new long[1];
        Consumer<ImportProblem> report = p -> {
            total[0]++;
            if (problems.size() < RecordImports.PROBLEMS_KEPT) {
                problems.add(p);
            }
        };
        List<Object[]> rows = new ArrayList<>();
        List<Object[]> quarantined = new ArrayList<>();
        long read = 0;
        Set<Integer> knownSchools = kind == Kind.DEPLOYMENTS || kind == Kind.SCHOOL_ROLL
                ? new HashSet<>(jdbc.sql("select urn from school").query(Integer.class).list()) : Set.of();
        try (CsvReader<CsvRecord> reader = CsvReader.builder().allowMissingFields(true).allowExtraFields(true)
                .allowUnclosedQuote(false).skipEmptyLines(true).detectBomHeader(true)
                .maxBufferSize(properties.maxFieldSize()).ofCsvRecord(file, StandardCharsets.UTF_8)) {
            Map<String, Integer> columns = null;
            var iterator = reader.iterator();
            long line = 0;
            while (true) {
                CsvRecord record;
                try {
                    if (!iterator.hasNext()) {
                        break;
                    }
                    record = iterator.next();
                } catch (CsvParseException | UncheckedIOException e) {
                    report.accept(new ImportProblem(name, line + 1, 0, "", "unreadable CSV (" + e.getMessage() + ")",
                            "well-formed CSV: a quote may not be closed, or the file may be truncated"));
                    break;
                }
                line = record.getStartingLineNumber();
                if (columns == null) {
                    columns = header(kind, name, record.getFields(), report);
                    if (columns == null) {
                        break;
                    }
                    continue;
                }
                read++;
                Row row = new Row(name, line, record.getFields(), columns, report);
                Object[] values = switch (kind) {
                    case EXTENDED -> extended(row);
                    case SCHOOLS -> school(row);
                    case DEPLOYMENTS -> deployment(row, knownSchools);
                    case SCHOOL_ROLL -> roll(row, knownSchools);
                };
                if (values != null && row.ok) {
                    rows.add(values);
                } else if (options.quarantineInvalid()) {
                    quarantined.add(new Object[] {line, String.join(",", withheld(record.getFields(), columns))});
                }
            }
        }
        boolean headerBroken = !problems.isEmpty() && problems.get(0).line() == 1;
        if (total[0] > 0 && (!options.quarantineInvalid() || headerBroken)) {
            return policeUk.reject(kind.name(), name, check.sha256(), size, null, null, started, options, read, problems,
                    total[0]);
        }
        long finalRead = read;
        Long id = transactions.execute(status -> {
            long batch = jdbc.sql("""
                    insert into import_batch (kind, file_name, content_hash, size_bytes, status, rows_read, rows_imported,
                        rows_invalid, problems_total, demonstration, synthetic, started_at, imported_by)
                    values (?, ?, ?, ?, 'ACTIVE', ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                    .params(kind.name(), name, check.sha256(), size, finalRead, rows.size(), quarantined.size(), total[0],
                            options.demonstration(), options.synthetic(), OffsetDateTime.ofInstant(started, ZoneOffset.UTC), options.by().name())
                    .query(Long.class).single();
            List<Object[]> withBatch = rows.stream().map(r -> {
                Object[] all = java.util.Arrays.copyOf(r, r.length + 2);
                all[r.length] = batch;
                all[r.length + 1] = options.synthetic();
                return all;
            }).toList();
            jdbcTemplate.batchUpdate(insertSql(kind), withBatch);
            policeUk.storeProblems(batch, problems);
            for (Object[] q : quarantined) {
                jdbc.sql("insert into quarantined_row (batch_id, line_no, raw) values (?, ?, ?)").params(batch, q[0], q[1]).update();
            }
            auditTrail.record(options.by(), "RECORDS_IMPORTED", "import:" + name, null, Counted.number(rows.size()) + " of "
                    + Counted.of(finalRead, "row", "rows") + " of " + kind.description + " imported"
                    + (quarantined.isEmpty() ? "" : "; " + Counted.of(quarantined.size(), "invalid row", "invalid rows")
                    + " quarantined"));
            return batch;
        });
        return new ImportOutcome(name, ImportOutcome.Status.IMPORTED, id, read, rows.size(), quarantined.size(),
                List.copyOf(problems.subList(0, Math.min(RecordImports.PROBLEMS_SHOWN, problems.size()))), total[0],
                name + ": " + Counted.of(rows.size(), kind.one, kind.description) + " imported"
                        + (quarantined.isEmpty() ? "" : "; " + Counted.of(quarantined.size(), "invalid row", "invalid rows")
                        + " quarantined for review"));
    }

    /**
     * What is hashed with a body-worn video reference: it names the police's footage of one encounter,
     * a key to the same record that the record reference is hashed to hide.
     */
    static final String BWV_CONTEXT = "bwv";

    /** Columns holding identifiers that are stored only as keyed hashes. */
    static final Set<String> IDENTIFIERS = Set.of("record_reference", "officer_team", "bwv_reference");
    static final String WITHHELD = "(an identifier, withheld)";

    /** A quarantined row as kept for review: its identifiers withheld, so that none is stored in clear. */
    private static List<String> withheld(List<String> fields, Map<String, Integer> columns) {
        List<String> kept = new ArrayList<>(fields);
        for (String identifier : IDENTIFIERS) {
            Integer index = columns.get(identifier);
            if (index != null && index < kept.size() && !kept.get(index).isBlank()) {
                kept.set(index, WITHHELD);
            }
        }
        return kept;
    }

    private static Map<String, Integer> header(Kind kind, String name, List<String> fields, Consumer<ImportProblem> report) {
        List<String> wanted = switch (kind) {
            case EXTENDED -> EXTENDED_COLUMNS;
            case SCHOOLS -> SCHOOL_COLUMNS;
            case DEPLOYMENTS -> DEPLOYMENT_COLUMNS;
            case SCHOOL_ROLL -> SCHOOL_ROLL_COLUMNS;
        };
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i).trim();
            if (kind != Kind.SCHOOLS && !field.isEmpty() && !wanted.contains(field)) {
                report.accept(new ImportProblem(name, 1, i + 1, field, field, "one of the documented columns: "
                        + String.join(",", wanted)));
            }
            columns.putIfAbsent(field, i);
        }
        Set<String> missing = new LinkedHashSet<>(wanted);
        missing.removeAll(columns.keySet());
        if (!missing.isEmpty()) {
            report.accept(new ImportProblem(name, 1, 0, "", String.join(",", fields),
                    "a header with the column" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                            + " (see docs/formats/)"));
        }
        return missing.isEmpty() && (kind == Kind.SCHOOLS || columns.size() == fields.size()) ? columns : null;
    }

    private static String insertSql(Kind kind) {
        return switch (kind) {
            case EXTENDED -> """
                    insert into power_use (record_key, power, occurred_at, force, borough_code, school_urn,
                        on_school_premises, sso_involved, officer_team_key, age_years, age_band, gender,
                        self_defined_ethnicity, self_defined_category, self_defined_group, officer_defined_ethnicity,
                        officer_defined_group, legislation, object_of_search, outcome, outcome_normalised, outcome_linked,
                        appropriate_adult_present, location_type, safeguarding_referral, force_tactics, bwv_recorded,
                        bwv_reference, line_no, batch_id, synthetic)
                    values (?, ?, ?::timestamptz, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (force, record_key, power) do update set occurred_at = excluded.occurred_at,
                        borough_code = excluded.borough_code, school_urn = excluded.school_urn,
                        on_school_premises = excluded.on_school_premises, sso_involved = excluded.sso_involved,
                        officer_team_key = excluded.officer_team_key, age_years = excluded.age_years,
                        age_band = excluded.age_band, gender = excluded.gender,
                        self_defined_ethnicity = excluded.self_defined_ethnicity,
                        self_defined_category = excluded.self_defined_category,
                        self_defined_group = excluded.self_defined_group,
                        officer_defined_ethnicity = excluded.officer_defined_ethnicity,
                        officer_defined_group = excluded.officer_defined_group, legislation = excluded.legislation,
                        object_of_search = excluded.object_of_search, outcome = excluded.outcome,
                        outcome_normalised = excluded.outcome_normalised, outcome_linked = excluded.outcome_linked,
                        appropriate_adult_present = excluded.appropriate_adult_present,
                        location_type = excluded.location_type, safeguarding_referral = excluded.safeguarding_referral,
                        force_tactics = excluded.force_tactics, bwv_recorded = excluded.bwv_recorded,
                        bwv_reference = excluded.bwv_reference, line_no = excluded.line_no, batch_id = excluded.batch_id,
                        synthetic = excluded.synthetic""";
            case SCHOOLS -> """
                    insert into school (urn, name, la_code, phase, type, status, postcode, easting, northing, batch_id, synthetic)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (urn) do update set name = excluded.name, la_code = excluded.la_code,
                        phase = excluded.phase, type = excluded.type, status = excluded.status,
                        postcode = excluded.postcode, easting = excluded.easting, northing = excluded.northing,
                        batch_id = excluded.batch_id, synthetic = excluded.synthetic""";
            case DEPLOYMENTS -> """
                    insert into sso_deployment (officer_team_key, school_urn, from_date, to_date, batch_id, synthetic)
                    values (?, ?, ?, ?, ?, ?)
                    on conflict (officer_team_key, school_urn, from_date) do update set to_date = excluded.to_date,
                        batch_id = excluded.batch_id, synthetic = excluded.synthetic""";
            case SCHOOL_ROLL -> """
                    insert into school_roll (urn, academic_year, ethnic_group, pupils, batch_id, synthetic)
                    values (?, ?, ?, ?, ?, ?)
                    on conflict (urn, academic_year, ethnic_group) do update set pupils = excluded.pupils,
                        batch_id = excluded.batch_id, synthetic = excluded.synthetic""";
        };
    }

    private Object[] extended(Row row) {
        String reference = row.required("record_reference", 100);
        String power = row.code("power", POWERS);
        String occurredAt = row.dateTime("occurred_at");
        String force = row.required("force", 50);
        if (force != null && !force.matches("[a-z0-9-]+")) {
            row.problem("force", force, "a force in lower case with hyphens, as police.uk names them, e.g. metropolitan");
        }
        String borough = row.optional("borough_code", 9);
        if (borough != null && !borough.matches("E090000(0[1-9]|[12][0-9]|3[0-3])")) {
            row.problem("borough_code", borough, "a London borough's ONS code, E09000001 to E09000033, or blank");
        }
        Integer urn = row.integer("school_urn", 100_000, 999_999, "a school's URN (six digits), or blank");
        Boolean onPremises = row.bool("on_school_premises");
        Boolean sso = row.bool("sso_involved");
        String team = row.optional("officer_team", 100);
        Integer age = row.integer("age_years", 0, 120, "an age in whole years, or blank");
        String band = row.optional("age_band", 20);
        if (band != null) {
            band = PoliceUkLabels.canonical(PoliceUkLabels.AGE_RANGES, band).orElse(null);
            if (band == null) {
                row.problem("age_band", row.value("age_band"), "one of under 10, 10-17, 18-24, 25-34, over 34, or blank");
            }
        }
        if (age != null) {
            String fromAge = age < 10 ? "under 10" : age < 18 ? "10-17" : age < 25 ? "18-24" : age < 35 ? "25-34" : "over 34";
            if (band != null && !band.equals(fromAge)) {
                row.problem("age_band", band, "\"" + fromAge + "\", the band of age " + age + ", or blank");
            }
            band = fromAge;
        }
        String gender = row.oneOf("gender", PoliceUkLabels.GENDERS);
        String selfDefined = row.optional("self_defined_ethnicity", 120);
        CensusEthnicCategory category = null;
        if (selfDefined != null && !selfDefined.equalsIgnoreCase("Not stated")) {
            category = CensusEthnicCategory.byLabel(selfDefined).orElse(null);
            if (category == null) {
                row.problem("self_defined_ethnicity", selfDefined, "a Census 2021 category as published, e.g. "
                        + "\"Black, Black British, Black Welsh, Caribbean or African: Caribbean\", or \"Not stated\", or blank");
            }
        }
        String officerDefined = row.optional("officer_defined_ethnicity", 20);
        EthnicGroup officerGroup = null;
        if (officerDefined != null) {
            officerGroup = PoliceUkLabels.officerDefined(officerDefined);
            if (officerGroup == null) {
                row.problem("officer_defined_ethnicity", officerDefined, "one of Asian, Black, Mixed, Other, White, or blank");
            }
        }
        String legislation = row.optional("legislation", 500);
        String object = row.optional("object_of_search", 500);
        String outcome = row.optional("outcome", 200);
        PoliceUkLabels.Outcome normalised = null;
        if (outcome != null) {
            normalised = PoliceUkLabels.outcome(outcome);
            if (normalised == null) {
                try {
                    normalised = PoliceUkLabels.Outcome.valueOf(outcome.toUpperCase(Locale.ROOT).replace(' ', '_'));
                } catch (IllegalArgumentException e) {
                    row.problem("outcome", outcome, "a police.uk outcome or one of "
                            + String.join(", ", java.util.Arrays.stream(PoliceUkLabels.Outcome.values()).map(Enum::name).toList()));
                }
            }
        }
        Boolean linked = row.bool("outcome_linked");
        Boolean adult = row.bool("appropriate_adult_present");
        String location = row.oneOf("location_type", LOCATION_TYPES);
        Boolean safeguarding = row.bool("safeguarding_referral");
        String tactics = row.optional("force_tactics", 500);
        Boolean bwv = row.bool("bwv_recorded");
        String bwvReference = row.optional("bwv_reference", 100);
        if (!row.ok) {
            return null;
        }
        return new Object[] {pseudonyms.of(force, reference), power, occurredAt, force, borough, urn, onPremises, sso,
                team == null ? null : pseudonyms.of("officer-team", team), age, band, gender, selfDefined,
                category == null ? null : category.name(), category == null ? null : category.group().name(),
                officerDefined, officerGroup == null ? null : officerGroup.name(), legislation, object, outcome,
                normalised == null ? null : normalised.name(), linked, adult, location, safeguarding, tactics, bwv,
                bwvReference == null ? null : pseudonyms.of(BWV_CONTEXT, bwvReference), (int) row.line};
    }

    private Object[] school(Row row) {
        Integer urn = row.integer("URN", 100_000, 999_999, "a URN of six digits");
        if (urn == null && row.ok) {
            row.problem("URN", "", "a URN of six digits");
        }
        String name = row.required("EstablishmentName", 300);
        String la = row.optional("LA (code)", 10);
        String phase = row.optional("PhaseOfEducation (name)", 100);
        String type = row.optional("TypeOfEstablishment (name)", 200);
        String status = row.optional("EstablishmentStatus (name)", 100);
        String postcode = row.optional("Postcode", 10);
        Integer easting = row.coordinate("Easting");
        Integer northing = row.coordinate("Northing");
        return row.ok ? new Object[] {urn, name, la, phase, type, status, postcode, easting, northing} : null;
    }

    private Object[] deployment(Row row, Set<Integer> knownSchools) {
        String team = row.required("officer_team", 100);
        Integer urn = row.integer("school_urn", 100_000, 999_999, "a school's URN (six digits)");
        if (urn == null && row.ok) {
            row.problem("school_urn", "", "a school's URN (six digits)");
        } else if (urn != null && !knownSchools.contains(urn)) {
            row.problem("school_urn", urn.toString(), "the URN of a school already imported (import the schools file first)");
        }
        LocalDate from = row.date("from_date", true);
        LocalDate to = row.date("to_date", false);
        if (from != null && to != null && to.isBefore(from)) {
            row.problem("to_date", to.toString(), "a date on or after the from_date " + from + ", or blank if ongoing");
        }
        return row.ok ? new Object[] {pseudonyms.of("officer-team", team), urn, from, to} : null;
    }

    private Object[] roll(Row row, Set<Integer> knownSchools) {
        Integer urn = row.integer("urn", 100_000, 999_999, "a school's URN (six digits)");
        if (urn == null && row.ok) {
            row.problem("urn", "", "a school's URN (six digits)");
        } else if (urn != null && !knownSchools.contains(urn)) {
            row.problem("urn", urn.toString(), "the URN of a school already imported (import the schools file first)");
        }
        String year = row.value("academic_year");
        if (!year.matches("\\d{4}/\\d{2}") || (Integer.parseInt(year.substring(2, 4)) + 1) % 100
                != Integer.parseInt(year.substring(5))) {
            row.problem("academic_year", year, "an academic year such as 2023/24");
        }
        String group = row.code("ethnic_group", ROLL_GROUPS);
        String pupils = row.value("pupils");
        Integer count = null;
        if (!pupils.equalsIgnoreCase("c")) {
            count = row.integer("pupils", 0, 100_000, "a number of pupils (0 to 100,000), or c where it was suppressed");
            if (count == null && row.ok) {
                row.problem("pupils", "", "a number of pupils, or c where it was suppressed");
            }
        }
        return row.ok ? new Object[] {urn, year, group, count} : null;
    }

    /** One row being checked, by column name; each accessor reports its own problem. */
    static final class Row {
        final String file;
        final long line;
        final List<String> fields;
        final Map<String, Integer> columns;
        final Consumer<ImportProblem> report;
        boolean ok = true;

        Row(String file, long line, List<String> fields, Map<String, Integer> columns, Consumer<ImportProblem> report) {
            this.file = file;
            this.line = line;
            this.fields = fields;
            this.columns = columns;
            this.report = report;
        }

        String value(String column) {
            int index = columns.get(column);
            return index < fields.size() ? fields.get(index).trim() : "";
        }

        void problem(String column, String value, String expected) {
            // identifiers are never stored, not even in a validation report
            String shown = IDENTIFIERS.contains(column) && !value.isEmpty() ? WITHHELD : value;
            report.accept(new ImportProblem(file, line, columns.get(column) + 1, column, shown, expected));
            ok = false;
        }

        String optional(String column, int max) {
            String value = value(column);
            if (value.length() > max) {
                problem(column, value, "at most " + max + " characters");
                return null;
            }
            return value.isEmpty() ? null : value;
        }

        String required(String column, int max) {
            String value = optional(column, max);
            if (value == null && ok) {
                problem(column, "", "a value: this column may not be blank");
            }
            return value;
        }

        String oneOf(String column, List<String> allowed) {
            String value = value(column);
            if (value.isEmpty()) {
                return null;
            }
            Optional<String> found = PoliceUkLabels.canonical(allowed, value);
            if (found.isEmpty()) {
                problem(column, value, "one of " + String.join(", ", allowed) + ", or blank");
            }
            return found.orElse(null);
        }

        String code(String column, Map<String, String> codes) {
            String value = value(column);
            String code = codes.get(value.toLowerCase(Locale.ROOT).replace('_', ' '));
            if (code == null) {
                problem(column, value, "one of " + String.join(", ", codes.keySet().stream().sorted().toList()));
            }
            return code;
        }

        Boolean bool(String column) {
            String value = value(column);
            if (value.isEmpty()) {
                return null;
            }
            if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes")) {
                return true;
            }
            if (value.equalsIgnoreCase("false") || value.equalsIgnoreCase("no")) {
                return false;
            }
            problem(column, value, "true, false, or blank (unknown)");
            return null;
        }

        Integer integer(String column, int min, int max, String expected) {
            String value = value(column);
            if (value.isEmpty()) {
                return null;
            }
            try {
                int number = Integer.parseInt(value);
                if (number < min || number > max) {
                    problem(column, value, expected);
                    return null;
                }
                return number;
            } catch (NumberFormatException e) {
                problem(column, value, expected);
                return null;
            }
        }

        /** British National Grid metres; GIAS writes some as decimals. */
        Integer coordinate(String column) {
            String value = value(column);
            if (value.isEmpty()) {
                return null;
            }
            try {
                double metres = Double.parseDouble(value);
                if (metres < 0 || metres > 1_300_000) {
                    problem(column, value, "British National Grid metres (0 to 1,300,000), or blank");
                    return null;
                }
                return (int) Math.round(metres);
            } catch (NumberFormatException e) {
                problem(column, value, "British National Grid metres, or blank");
                return null;
            }
        }

        LocalDate date(String column, boolean required) {
            String value = value(column);
            if (value.isEmpty()) {
                if (required) {
                    problem(column, "", "a date (YYYY-MM-DD)");
                }
                return null;
            }
            try {
                LocalDate date = LocalDate.parse(value);
                if (date.getYear() < 2000 || date.isAfter(LocalDate.now().plusYears(5))) {
                    problem(column, value, "a date between 2000 and five years from now");
                    return null;
                }
                return date;
            } catch (DateTimeParseException e) {
                problem(column, value, "a date (YYYY-MM-DD)");
                return null;
            }
        }

        /** A date and time with its offset; kept as written, for PostgreSQL to store. */
        String dateTime(String column) {
            String value = value(column);
            try {
                OffsetDateTime at = OffsetDateTime.parse(value);
                if (at.getYear() < 2000 || at.toInstant().isAfter(Instant.now().plusSeconds(86_400))) {
                    problem(column, value, "a date and time between 2000 and now");
                    return null;
                }
                return value;
            } catch (DateTimeParseException e) {
                problem(column, value, "a date and time with its offset, e.g. 2026-03-14T10:15:00+00:00");
                return null;
            }
        }
    }
}
