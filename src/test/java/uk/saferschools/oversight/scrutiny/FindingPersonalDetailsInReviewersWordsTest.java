package uk.saferschools.oversight.scrutiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Year;
import java.util.List;
import org.assertj.core.api.AbstractListAssert;
import org.assertj.core.api.ObjectAssert;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.saferschools.oversight.scrutiny.PersonalDetails.Finding;
import uk.saferschools.oversight.scrutiny.PersonalDetails.Kind;

/**
 * The personal-details check of issue 15, item 5, on the kind of words a community scrutiny panel
 * reviewer writes in a rationale, a learning point or a note of good practice: it finds each kind of
 * detail, says where and why, and finds nothing in ordinary review text. The year is fixed at 2025, so
 * that a child's year of birth is 2005 to 2020 whenever the test runs.
 */
class FindingPersonalDetailsInReviewersWordsTest {

    static final PersonalDetails check = new PersonalDetails(
            List.of("Kingsdale Foundation School", "St Saviour's and St Olave's School", "The Charter School North Dulwich",
                    "Ashmead"),
            List.of("MPS-2024-118822", "4471/24"),
            Year.of(2025));

    static AbstractListAssert<?, List<? extends Tuple>, Tuple, ObjectAssert<Tuple>> foundIn(String text) {
        return assertThat(check.findIn(text)).extracting(Finding::kind, Finding::text);
    }

    // names

    @Test
    void a_name_after_a_title_is_found_and_the_title_is_kept() {
        foundIn("The officer, PC Jones, explained the grounds clearly.").containsExactly(tuple(Kind.NAME, "Jones"));
        foundIn("Mr Okafor arrived after the search had finished.").containsExactly(tuple(Kind.NAME, "Okafor"));
        foundIn("Detective Constable Reid did not give her station.").containsExactly(tuple(Kind.NAME, "Reid"));
        foundIn("Miss O'Connor, the head of year, was present.").containsExactly(tuple(Kind.NAME, "O'Connor"));
        foundIn("The complaint named Sergeant Patel.").containsExactly(tuple(Kind.NAME, "Patel"));
    }

    @Test
    void a_surname_that_is_an_ordinary_word_is_still_a_name_after_a_short_title() {
        foundIn("Mrs Black was called by the school.").containsExactly(tuple(Kind.NAME, "Black"));
    }

    @Test
    void a_name_after_called_named_or_a_word_for_the_person_is_found() {
        foundIn("The boy told the officer he was called Kwame and was late for school.")
                .containsExactly(tuple(Kind.NAME, "Kwame"));
        foundIn("His mum Grace was not contacted.").containsExactly(tuple(Kind.NAME, "Grace"));
        foundIn("The officer spoke to a pupil named Adebayo Okonkwo.").containsExactly(tuple(Kind.NAME, "Adebayo Okonkwo"));
    }

    @Test
    void a_common_first_name_alone_is_found_even_at_the_start_of_a_sentence() {
        foundIn("Tyler said he was scared and asked for his mum.").containsExactly(tuple(Kind.NAME, "Tyler"));
        foundIn("The officer told Jayden to sit on the wall.").containsExactly(tuple(Kind.NAME, "Jayden"));
        foundIn("Amara's mother arrived later.").containsExactly(tuple(Kind.NAME, "Amara"));
    }

    @Test
    void a_first_name_that_is_an_ordinary_word_is_a_name_only_with_a_surname_or_a_title() {
        foundIn("Grace Adeyemi, the appropriate adult, arrived after twenty minutes.")
                .containsExactly(tuple(Kind.NAME, "Grace Adeyemi"));
        foundIn("Will Thompson, the SSO, did not give his name.").containsExactly(tuple(Kind.NAME, "Will Thompson"));
        foundIn("Officer Mark explained the grounds.").containsExactly(tuple(Kind.NAME, "Mark"));
        foundIn("Will the force review its guidance on handcuffing in May?").isEmpty();
        foundIn("Grace and courtesy were shown throughout; Mark this as good practice.").isEmpty();
        foundIn("May we see the policy? The will was there, but the grace was missing in may.").isEmpty();
    }

    @Test
    void two_capitalised_words_in_the_middle_of_a_sentence_are_a_name_when_they_are_no_place_or_organisation() {
        foundIn("The officer searched Kwabena Asante outside the shop without explaining why.")
                .containsExactly(tuple(Kind.NAME, "Kwabena Asante"));
        foundIn("The panel spoke to Kofi Mensah-Boateng's father.").containsExactly(tuple(Kind.NAME, "Kofi Mensah-Boateng"));
    }

    // dates of birth and ages

    @Test
    void a_date_of_birth_is_found_after_the_words_that_say_so() {
        foundIn("The officer asked for his date of birth, which he gave as 12/03/09.")
                .containsExactly(tuple(Kind.DATE_OF_BIRTH, "12/03/09"));
        foundIn("The girl, DOB 4 June 2010, was not told she could have a copy of the record.")
                .containsExactly(tuple(Kind.DATE_OF_BIRTH, "4 June 2010"));
        foundIn("He said he was born on 2009-03-12.").containsExactly(tuple(Kind.DATE_OF_BIRTH, "2009-03-12"));
        foundIn("She was born in 2011 and is in Year 8.").containsExactly(tuple(Kind.DATE_OF_BIRTH, "2011"));
    }

    @Test
    void a_full_date_in_a_childs_year_of_birth_is_a_possible_date_of_birth_but_a_recent_date_is_not() {
        List<Finding> found = check.findIn("The footage shows the pupil on 14 March 2011 near the gates.");
        assertThat(found).extracting(Finding::kind, Finding::text).containsExactly(tuple(Kind.DATE_OF_BIRTH, "14 March 2011"));
        assertThat(found.get(0).reason()).contains("possible date of birth").contains("2011");
        foundIn("The panel met on 14 March 2024 and reviewed 12 encounters.").isEmpty();
        foundIn("The search on 02/11/2023 was reviewed.").isEmpty();
    }

    @Test
    void the_years_of_a_childs_birth_move_with_the_year_of_the_check() {
        PersonalDetails in2035 = new PersonalDetails(List.of(), List.of(), Year.of(2035));
        assertThat(in2035.findIn("The search on 14 March 2011 was reviewed.")).isEmpty();
        assertThat(in2035.findIn("The search on 14 March 2024 was reviewed.")).extracting(Finding::kind)
                .containsExactly(Kind.DATE_OF_BIRTH);
    }

    @Test
    void an_age_next_to_a_description_of_the_person_is_found_with_the_description() {
        foundIn("The officer stopped a 14-year-old Black boy on his way home.")
                .containsExactly(tuple(Kind.AGE_WITH_DESCRIPTION, "14-year-old Black boy"));
        foundIn("The young person, aged 15, wearing a red hoodie, was handcuffed.")
                .containsExactly(tuple(Kind.AGE_WITH_DESCRIPTION, "aged 15, wearing a red hoodie"));
        foundIn("The 13 year old girl with braids was asked to remove her jacket.")
                .containsExactly(tuple(Kind.AGE_WITH_DESCRIPTION, "13 year old girl with braids"));
        foundIn("A tall fifteen-year-old was handcuffed.").containsExactly(tuple(Kind.AGE_WITH_DESCRIPTION, "tall fifteen-year-old"));
    }

    @Test
    void an_age_alone_is_not_a_personal_detail() {
        foundIn("The 14-year-old was not told the grounds.").isEmpty();
        foundIn("Ages 10 to 17 were sampled; 14 encounters were of children aged 15 or 16.").isEmpty();
    }

    // where people live and how to reach them

    @Test
    void an_address_in_a_rationale_is_found() {
        foundIn("The search happened outside 42 Consort Road after school.").containsExactly(tuple(Kind.ADDRESS, "42 Consort Road"));
        foundIn("The officers went on to Flat 14, Tower House.").containsExactly(tuple(Kind.ADDRESS, "Flat 14, Tower House"));
        foundIn("The officer followed him to Flat 3 and knocked.").containsExactly(tuple(Kind.ADDRESS, "Flat 3"));
        foundIn("He lives on Lyndhurst Grove, the officer noted.").containsExactly(tuple(Kind.ADDRESS, "Lyndhurst Grove"));
    }

    @Test
    void a_postcode_in_a_rationale_is_found() {
        foundIn("He gave his address as SE15 4QP.").containsExactly(tuple(Kind.POSTCODE, "SE15 4QP"));
        foundIn("He gave his address as se15 4qp.").containsExactly(tuple(Kind.POSTCODE, "se15 4qp"));
    }

    @Test
    void the_first_half_of_a_postcode_is_found_only_where_the_words_around_it_make_it_one() {
        foundIn("The stop was in the SE15 area late at night.").containsExactly(tuple(Kind.POSTCODE, "SE15"));
        foundIn("The officer said he had stopped boys in SE15 before.").containsExactly(tuple(Kind.POSTCODE, "SE15"));
        foundIn("The officer mentioned the M25 and the A13 on the way.").isEmpty();
        foundIn("The search was under S60 powers.").isEmpty();
    }

    @Test
    void a_phone_number_in_a_learning_point_is_found() {
        foundIn("The mother's number, 07700 900123, is read out on the footage.")
                .containsExactly(tuple(Kind.PHONE_NUMBER, "07700 900123"));
        foundIn("Call 07700900123 or +44 (0)20 7946 0123.")
                .containsExactly(tuple(Kind.PHONE_NUMBER, "07700900123"), tuple(Kind.PHONE_NUMBER, "+44 (0)20 7946 0123"));
        foundIn("Handcuffs went on at 00:45 and came off at 01:05, 20 minutes later.").isEmpty();
    }

    @Test
    void an_email_address_is_found() {
        foundIn("The parent emailed j.smith@example.org after the search.")
                .containsExactly(tuple(Kind.EMAIL_ADDRESS, "j.smith@example.org"));
    }

    // schools and records

    @Test
    void a_school_on_the_imported_list_is_found_whatever_its_case_and_apostrophes() {
        foundIn("The search took place at Kingsdale Foundation School during lunch.")
                .containsExactly(tuple(Kind.SCHOOL_NAME, "Kingsdale Foundation School"));
        foundIn("The officer attended st saviour’s and st olave’s school with the SSO.")
                .containsExactly(tuple(Kind.SCHOOL_NAME, "st saviour’s and st olave’s school"));
        foundIn("The pupil was taken to an office at Charter School North Dulwich.")
                .containsExactly(tuple(Kind.SCHOOL_NAME, "Charter School North Dulwich"));
    }

    @Test
    void a_school_on_the_list_is_found_only_as_whole_words() {
        foundIn("The officers waited outside ashmead at home time.").containsExactly(tuple(Kind.SCHOOL_NAME, "ashmead"));
        foundIn("The officers waited in the ashmeadow car park.").isEmpty();
    }

    @Test
    void a_school_named_as_schools_are_named_is_found_without_being_on_the_list() {
        foundIn("The SSO at Harris Academy Peckham was not present.")
                .containsExactly(tuple(Kind.SCHOOL_NAME, "Harris Academy Peckham"));
        foundIn("The officer said she knew St Mary's Catholic Primary School well.")
                .containsExactly(tuple(Kind.SCHOOL_NAME, "St Mary's Catholic Primary School"));
        foundIn("The school (URN 100834) has an SSO.").containsExactly(tuple(Kind.SCHOOL_NAME, "URN 100834"));
    }

    @Test
    void a_record_reference_is_found() {
        foundIn("The footage for record MPS-2024-118822 was incomplete.")
                .containsExactly(tuple(Kind.RECORD_REFERENCE, "MPS-2024-118822"));
        foundIn("Encounter 4471/24 had no footage.").containsExactly(tuple(Kind.RECORD_REFERENCE, "4471/24"));
        foundIn("The reference SYN-42 is the one with no footage.").containsExactly(tuple(Kind.RECORD_REFERENCE, "SYN-42"));
        foundIn("The CAD 5521/14MAR shows the call came from a teacher.")
                .containsExactly(tuple(Kind.RECORD_REFERENCE, "5521/14MAR"));
    }

    @Test
    void a_body_worn_video_or_pseudonymised_reference_is_found() {
        foundIn("The footage for BWV-2024-0173 was only 40 seconds long.")
                .containsExactly(tuple(Kind.RECORD_REFERENCE, "BWV-2024-0173"));
        foundIn("Footage ref: BWV 88231-22 was not provided.").containsExactly(tuple(Kind.RECORD_REFERENCE, "88231-22"));
        foundIn("Encounter 3f9a2c71e04b was reviewed twice.").containsExactly(tuple(Kind.RECORD_REFERENCE, "3f9a2c71e04b"));
        foundIn("Encounter E-3F9A2C71E0 had no footage.").containsExactly(tuple(Kind.RECORD_REFERENCE, "E-3F9A2C71E0"));
        // the panel's reference is whole even when its ten characters happen to be digits alone
        foundIn("Encounter E-4071839925 had no footage.").containsExactly(tuple(Kind.RECORD_REFERENCE, "E-4071839925"));
        foundIn("The borough code E09000028 was recorded against the encounter.").isEmpty();
    }

    // ordinary review text

    @ParameterizedTest
    @ValueSource(strings = {
            "The officer explained the grounds clearly and gave the reason for the search.",
            "Will the force review its guidance on handcuffing in May?",
            "May we suggest the Safer Schools Officer is present at the debrief?",
            "The officer gave her name, her station and the legal power (section 1 of PACE).",
            "Grounds were objectively reasonable: a teacher reported a knife seen in a bag.",
            "The young person was not told of the entitlement to a copy of the record.",
            "Body-worn video was switched on before the encounter began and the footage was complete.",
            "The Metropolitan Police Service should remind officers of Code A.",
            "The Community Scrutiny Group rated this encounter Amber.",
            "Self-defined ethnicity was asked and recorded as White British.",
            "Black Caribbean and Mixed White and Black Caribbean children were searched more often in the quarter.",
            "The search was under section 60 of the Criminal Justice and Public Order Act 1994.",
            "The Independent Office for Police Conduct complaints route was not explained.",
            "The appropriate adult was present throughout the strip search at the police station.",
            "A safeguarding referral was made to the Local Authority the same day.",
            "The Taser was drawn but not discharged; the panel found this not justified.",
            "Handcuffs were applied after 2 minutes and removed after 10 minutes.",
            "No footage was available, so the rating is red.",
            "The footage showed the officer explaining the Misuse of Drugs Act 1971 clearly.",
            "Learning point: officers should establish the child's age early in the encounter.",
            "The object found (a vape) did not match the grounds (a knife).",
            "Good practice: the officer offered to call a parent and waited for the Youth Offending Team.",
            "The College of Policing guidance on stop and search was followed.",
            "The encounter happened in Southwark near Peckham Rye station.",
            "The officer's radio call to Control was audible on the footage.",
            "Three officers attended; two from the Territorial Support Group.",
            "The officer said \"you are detained for the purposes of a search\" at 00:45.",
            "Overall rating: green. Rationale: all GOWISELY elements were given.",
            "The Safer Schools Partnership Board will hear about this in June.",
            "During April Officers from the Violent Crime Taskforce joined the patrol.",
            "The officer followed the Child Protection Procedures correctly.",
            "The Pupil Referral Unit was told afterwards.",
            "The panel asks: will the MPS publish its Taser data for children?",
            "The review covered COVID-19 restrictions as a reason given.",
            "Dr Martens boots were in the description given to the officer.",
            "The officer was wearing plain clothes and showed a warrant card.",
            "Grace was shown by the officer, and the child's dignity was respected.",
    })
    void ordinary_review_text_gives_no_finding(String text) {
        assertThat(check.findIn(text)).isEmpty();
    }

    // where, why, and redaction

    @Test
    void each_finding_says_where_it_is_and_why_in_plain_english() {
        String text = "He gave his address as SE15 4QP to PC Jones.";
        List<Finding> found = check.findIn(text);

        assertThat(found).containsExactly(
                new Finding(Kind.POSTCODE, 23, 31, "SE15 4QP", "a UK postcode"),
                new Finding(Kind.NAME, 38, 43, "Jones", "a name: a capitalised word after 'PC'"));
        assertThat(found).allSatisfy(f -> assertThat(text.substring(f.start(), f.end())).isEqualTo(f.text()));
    }

    @Test
    void findings_never_overlap_and_the_longer_one_is_kept() {
        // "Tyler" alone is a first name; with a house number before it and a street word after, an address
        foundIn("The stop was outside 12 Tyler Road.").containsExactly(tuple(Kind.ADDRESS, "12 Tyler Road"));
        foundIn("Tyler Road was quiet.").containsExactly(tuple(Kind.NAME, "Tyler"));
    }

    @Test
    void a_rationale_with_many_details_is_redacted_each_with_its_own_placeholder() {
        String rationale = "PC Jones stopped Tyler, a 14-year-old Black boy, outside 42 Consort Road, SE15 4QP, "
                + "near Harris Academy Peckham. His mother (07700 900123) was not called. BWV-2024-0173 was incomplete.";

        List<Finding> found = check.findIn(rationale);

        assertThat(found).extracting(Finding::kind).containsExactly(Kind.NAME, Kind.NAME, Kind.AGE_WITH_DESCRIPTION,
                Kind.ADDRESS, Kind.POSTCODE, Kind.SCHOOL_NAME, Kind.PHONE_NUMBER, Kind.RECORD_REFERENCE);
        assertThat(PersonalDetails.redact(rationale, found)).isEqualTo("PC [name removed] stopped [name removed], a "
                + "[age and description removed], outside [address removed], [postcode removed], near [school removed]. "
                + "His mother ([phone number removed]) was not called. [record reference removed] was incomplete.");
    }

    @Test
    void a_finding_accepted_rather_than_redacted_is_left_as_written() {
        String text = "Mr Okafor gave his address as SE15 4QP.";
        List<Finding> found = check.findIn(text);
        List<Finding> postcodeOnly = found.stream().filter(f -> f.kind() == Kind.POSTCODE).toList();

        assertThat(PersonalDetails.redact(text, postcodeOnly)).isEqualTo("Mr Okafor gave his address as [postcode removed].");
        assertThat(PersonalDetails.redact(text, List.of())).isEqualTo(text);
    }

    @Test
    void redacting_with_findings_of_another_text_is_refused() {
        List<Finding> found = check.findIn("He gave his address as SE15 4QP.");

        assertThatThrownBy(() -> PersonalDetails.redact("He gave his address, SE15 4QP.", found))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the text has changed since it was checked");
    }
}
