package uk.saferschools.oversight.records;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The kinds of records file the service imports (docs/formats/), as the import history names them
 * ({@code import_batch.kind}), with their columns and how to say one of their rows and many.
 */
enum RecordFormat {
    POLICE_UK("record", "records", PoliceUkFormat.HEADER),
    EXTENDED("extended record", "extended records", List.of("record_reference", "power", "occurred_at", "force",
            "borough_code", "school_urn", "on_school_premises", "sso_involved", "officer_team", "age_years", "age_band",
            "gender", "self_defined_ethnicity", "officer_defined_ethnicity", "legislation", "object_of_search", "outcome",
            "outcome_linked", "appropriate_adult_present", "location_type", "safeguarding_referral", "force_tactics",
            "bwv_recorded", "bwv_reference")),
    SCHOOLS("school (GIAS)", "schools (GIAS)", List.of("URN", "EstablishmentName", "LA (code)",
            "PhaseOfEducation (name)", "TypeOfEstablishment (name)", "EstablishmentStatus (name)", "Postcode", "Easting",
            "Northing")),
    DEPLOYMENTS("SSO deployment", "SSO deployments", List.of("officer_team", "school_urn", "from_date", "to_date")),
    SCHOOL_ROLL("school roll count", "school roll counts", List.of("urn", "academic_year", "ethnic_group", "pupils"));

    /** One of its rows, and more than one: "1 school (GIAS)", "40 schools (GIAS)". */
    final String one;
    final String many;
    private final List<String> columns;

    RecordFormat(String one, String many, List<String> columns) {
        this.one = one;
        this.many = many;
        this.columns = columns;
    }

    /** The documented columns of its header (for schools, the GIAS columns read; GIAS files have many more). */
    public List<String> columns() {
        return columns;
    }

    /**
     * Which kind of file this is, from its header line: one of ours when the header says so, police.uk
     * otherwise (whose own checks then say what is wrong with a file that is neither).
     */
    public static RecordFormat of(Path file) throws IOException {
        String first;
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            first = reader.readLine();
        } catch (MalformedInputException e) {
            return POLICE_UK;
        }
        if (first == null) {
            return POLICE_UK;
        }
        String header = first.replace("\uFEFF", "").toLowerCase(Locale.ROOT);
        if (header.startsWith("record_reference,")) {
            return EXTENDED;
        }
        if (header.startsWith("officer_team,")) {
            return DEPLOYMENTS;
        }
        if (header.startsWith("urn,academic_year,")) {
            return SCHOOL_ROLL;
        }
        if (header.contains("urn,") && header.contains("establishmentname")) {
            return SCHOOLS;
        }
        return POLICE_UK;
    }
}
