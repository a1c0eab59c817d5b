"""Speakers as a reader would name them: pronouns, roles and surnames resolved.

Every article here is invented: the people, places and outlets do not exist.
"""

from __future__ import annotations

from briefs import parse_article
from briefs.parse.phrases import read_phrase


def speakers(text: str) -> list[tuple[str | None, str | None]]:
    return [(q.speaker, q.speaker_mention) for q in parse_article(text).quotes]


def test_he_resolves_to_the_latest_person_and_keeps_the_pronoun_as_mention() -> None:
    text = ("Tobias Wrenfield, the harbour master, inspected the quay on Monday.\n\n"
            "“The wall will not survive another winter,” he said.")
    assert speakers(text) == [("Tobias Wrenfield", "he")]


def test_she_skips_a_man_mentioned_later() -> None:
    text = ("Mrs Halloran chaired the inquiry. Mr Fenwick gave evidence for two hours.\n\n"
            "“The evidence was thin,” she said.")
    assert speakers(text)[0][0] == "Mrs Halloran"


def test_a_first_name_tells_the_gender() -> None:
    text = ("Margaret Lindqvist met Robert Osgood in Tarrow on Friday.\n\n"
            "“We agreed on nothing but the weather,” she told the Halvard Times.")
    assert speakers(text)[0][0] == "Margaret Lindqvist"


def test_they_resolves_to_a_group_of_people() -> None:
    text = ("Unlike the port talks, the Valdorian delegates offered to fund the ferry.\n\n"
            "They concluded that “a shared ferry would help every island.”")
    assert speakers(text) == [("the Valdorian delegates", "They")]


def test_the_role_resolves_to_the_fuller_mention() -> None:
    text = (
        "“We have kept talking throughout,” an unnamed senior Valdorian diplomat told the "
        "Eastmarch Wire.\n\n"
        "“At no point did we discuss borders,” the diplomat stated.\n\n"
        "A Corvain ministry spokesperson confirmed the meetings took place when “strictly "
        "necessary for the safety of shipping.” The spokesperson added: “It is for the "
        "islands to decide their future.”"
    )
    assert speakers(text) == [
        ("an unnamed senior Valdorian diplomat", "an unnamed senior Valdorian diplomat"),
        ("an unnamed senior Valdorian diplomat", "the diplomat"),
        ("A Corvain ministry spokesperson", "A Corvain ministry spokesperson"),
        ("A Corvain ministry spokesperson", "The spokesperson"),
    ]


def test_a_surname_with_a_title_resolves_to_the_full_name() -> None:
    text = ("Former premier Anselm Brightwater opened the bridge.\n\n"
            "“It took twenty years,” Mr Brightwater said.")
    assert speakers(text) == [("Anselm Brightwater", "Mr Brightwater")]


def test_the_newspaper_resolves_to_the_outlet() -> None:
    text = ("The Northsea Ledger first reported the leak on Sunday.\n\n"
            "The newspaper said the files showed “a pattern of quiet payments.”")
    assert speakers(text) == [("Northsea Ledger", "The newspaper")]


def test_the_first_person_outside_quotes_is_the_author() -> None:
    text = "My grandmother is 90. I laughed and said, “I will never move to the city.”"
    assert speakers(text)[0][0] == "the author"


def test_an_unresolvable_pronoun_has_no_speaker() -> None:
    assert speakers("“We will rebuild the pier,” he said.") == [(None, "he")]


def test_read_phrase_reads_names_roles_and_pronouns() -> None:
    name = read_phrase("White House press secretary Dana Osric")
    assert name is not None
    assert (name.kind, name.name, name.head) == ("name", "Dana Osric", "osric")
    assert "secretary" in name.descriptors
    role = read_phrase("an unnamed senior Valdorian diplomat")
    assert role is not None
    assert (role.kind, role.head, role.plural) == ("role", "diplomat", False)
    outlet = read_phrase("The Halvard Times")
    assert outlet is not None and outlet.outlet and outlet.name == "Halvard Times"
    pronoun = read_phrase("she")
    assert pronoun is not None and (pronoun.kind, pronoun.gender) == ("pronoun", "f")
    assert read_phrase("a few") is None
    assert read_phrase("") is None


def test_a_nationality_noun_is_not_its_own_antecedent() -> None:
    text = ("Kestra Vallin wins in Tarrow\n\n"
            "Replying to the club chairman Odo Brannick, the Valdorian said: "
            "“I think the ruling is unfair.”")
    assert speakers(text)[0][0] == "the Valdorian"


def test_a_role_phrase_does_not_run_across_a_speech_verb() -> None:
    text = ("Port deal agreed\n\n"
            "Union adviser Merit Kahlo welcomed the statement and said harbour officials "
            "had “done the hard part”.\n\n"
            "Harbour officials said the deal was “a fair settlement”.")
    assert (speakers(text)[-1][0] or "").lower() == "harbour officials"


def test_a_participle_before_a_person_noun_is_part_of_the_title() -> None:
    text = ("Games deal\n\n"
            "According to the Halvard Times, chief operating officer Osric Delane said that "
            "Fenmoor Corp is “looking at every games company”.")
    assert speakers(text)[0][0] == "Osric Delane"


def test_a_nationality_noun_keeps_its_adjectives() -> None:
    text = ("Tennis\n\n"
            "Speaking to the Halvard Times, the 24-year-old Valdorian added: "
            "“At Tarrow there will not be as many people.”")
    assert speakers(text)[0][0] == "the 24-year-old Valdorian"


def test_a_quotation_paragraph_continues_the_speaker_over_a_paragraph_of_narrative() -> None:
    text = ("Ferry plan\n\n"
            "“The ferry will run all winter,” Ilse Marrow said on Tuesday.\n\n"
            "Marrow gave few details of the cost during the meeting.\n\n"
            "“We will find the money.”")
    assert speakers(text)[-1][0] == "Ilse Marrow"


def test_a_quotation_paragraph_does_not_continue_over_a_new_speaker() -> None:
    text = ("Ferry plan\n\n"
            "“The ferry will run all winter,” Ilse Marrow said on Tuesday.\n\n"
            "Her rival Tamsin Oake said the plan was too costly.\n\n"
            "“Nobody has shown us the figures.”")
    assert speakers(text)[-1][0] != "Ilse Marrow"


def test_an_adverb_opening_an_introductory_phrase_is_not_a_name() -> None:
    text = ("Funding vote\n\n"
            "Shortly after Odo Brannick’s conference call ended, Merit Kahlo’s campaign sent "
            "out a press release saying Brannick owes “Tarrow an explanation for voting "
            "against the funding.”")
    assert speakers(text)[0][0] == "Merit Kahlo’s campaign"


def test_words_quoted_in_a_sentence_without_a_speech_verb_are_its_subjects() -> None:
    text = ("Headline of the day\n\n"
            "Orla Penhaligon referred to the new ferry as “a floating monument to waste” "
            "during the council meeting.")
    assert speakers(text)[0][0] == "Orla Penhaligon"


def test_an_embedded_fragment_skips_an_introductory_phrase() -> None:
    text = ("Headline of the day\n\n"
            "Here in Tarrow, Ivo Stenhouse credited the volunteers for “an exciting and "
            "inspiring harbour clean-up” last week.")
    assert speakers(text)[0][0] == "Ivo Stenhouse"


def test_an_embedded_fragment_leaves_a_short_scare_quote_and_a_crowd_alone() -> None:
    short = parse_article("Headline of the day\n\nOrla Penhaligon found the plan “a folly” again.")
    assert all(q.speaker is None for q in short.quotes)
    crowd = ("Headline of the day\n\n"
             "Protesters carried banners with “no tolls on the old bridge ever again” all "
             "week.")
    assert all(s is None for s, _ in speakers(crowd))


def test_an_embedded_fragment_waits_for_a_speaker_named_after_it() -> None:
    text = ("Headline of the day\n\n"
            "The board found “no sign of any wrongdoing by the crew,” said the harbour "
            "master, Tobias Wrenfield, on Monday.")
    assert speakers(text)[0][0] != "board"


def test_a_passive_participle_phrase_opening_the_sentence_is_not_its_subject() -> None:
    text = ("Headline of the day\n\n"
            "Led by its oldest member, the council denounced the plan for “a toll "
            "on every crossing of the old bridge.”")
    assert speakers(text)[0] == ("the council", "the council")


def test_an_inverted_cue_after_an_aside_names_the_speaker() -> None:
    text = ("Headline of the day\n\n"
            "“The ferries have been setting the pace for the islands,” in sharp contrast to "
            "earlier years, says Dana Quillfeather, a historian at Tarrow College.")
    assert speakers(text)[0][0] == "Dana Quillfeather"


def test_a_title_with_of_before_an_inverted_name() -> None:
    text = ("Headline of the day\n\n"
            "“The first duty of a port is to stay open,” said former secretary of state "
            "Hella Brandvold, who opened the new quay.")
    assert speakers(text)[0][0] == "Hella Brandvold"


def test_a_verb_coordinated_with_a_negated_one_keeps_the_clause_subject() -> None:
    text = ("Headline of the day\n\n"
            "Ivo Stenhouse did not mention his rivals by name, but told his supporters, "
            "“our harbour is in serious trouble this winter.”")
    assert speakers(text)[0][0] == "Ivo Stenhouse"


def test_a_possessive_and_a_word_before_a_verb_form_make_a_noun() -> None:
    text = ("Headline of the day\n\n"
            "Senator Ada Morrow visited the Tarrow Gazette to discuss her recent remarks about "
            "the ferry, saying “the crossing will be free by spring.”")
    assert speakers(text)[0][0] == "Ada Morrow"


def test_continue_to_is_not_a_speech_verb() -> None:
    text = ("Headline of the day\n\n"
            "Ivo Stenhouse said he is certain Dana Quillfeather will continue to be “a "
            "champion for the islands and their ferries.”")
    assert speakers(text)[0][0] == "Ivo Stenhouse"


def test_a_participle_inside_the_subject_does_not_end_it() -> None:
    text = ("Headline of the day\n\n"
            "Another harbour source speaking to the Tarrow Gazette said, “The pilots are "
            "checking every mooring along the quay.”")
    assert speakers(text)[0][1] == "Another harbour source"


def test_an_adjective_in_ed_after_the_determiner_stays_in_the_subject() -> None:
    text = ("Headline of the day\n\n"
            "The retired harbour master addressed the meeting in Tarrow, remarking he did not "
            "feel “this is a very difficult repair for the yard.”")
    assert speakers(text)[0][1] == "The retired harbour master"


def test_a_credit_line_under_a_quotation_names_its_speaker() -> None:
    text = ("Headline of the day\n\n"
            "The candidates clashed on tolls.\n\n"
            "“Every ferry should be free for the children of the islands.”\n\n"
            "- Ada Morrow.")
    assert speakers(text)[0][0] == "Ada Morrow"


def test_a_quotation_paragraph_goes_on_from_reported_speech_after_a_quoted_phrase() -> None:
    text = ("Headline of the day\n\n"
            "What “fix the ferries” means was never clear, since Ada Morrow spoke only in "
            "general terms during the interview.\n\n"
            "“We have to do something and it is the only way to keep the islands alive.”")
    assert speakers(text)[0][0] == "Ada Morrow"


def test_a_surname_that_is_a_common_word_resolves_to_the_full_name() -> None:
    text = ("Headline of the day\n\n"
            "Ada From founded the ferry league in Tarrow.\n\n"
            "“The crossings changed when the winter storms came,” From said.")
    assert speakers(text) == [("Ada From", "From")]


def test_a_capitalised_particle_opening_a_name_is_part_of_it() -> None:
    assert read_phrase("Al Tarrowby").name == "Al Tarrowby"
    assert read_phrase("De Quillon").name == "De Quillon"
    assert read_phrase("and Stenhouse").name == "Stenhouse"


def test_a_relative_clause_inside_the_subject_does_not_end_it() -> None:
    text = ("Headline of the day\n\n"
            "A harbour official who spoke anonymously to discuss the repairs said Wednesday, "
            "“Certainly there are talks between the port and the ferry company.”")
    assert speakers(text)[0][1] == "A harbour official"


def test_as_x_said_inside_a_sentence_names_the_speaker() -> None:
    text = ("Headline of the day\n\n"
            "Still, the fact that the race “is a dead heat right now,” as Ada Morrow said on "
            "the Tarrow radio programme on Monday, only raises the stakes for everyone.")
    assert speakers(text)[0][0] == "Ada Morrow"


def test_exhorted_is_a_speech_verb_and_another_leads_a_role() -> None:
    text = ("Headline of the day\n\n"
            "“It is about time the islands ran their own ferries,” exhorted Tobias "
            "Wrenfield, the harbour master.\n\n"
            "Another commenter said, “We all know how the council feels about the ferries.”")
    assert [s for s, _ in speakers(text)] == ["Tobias Wrenfield", "Another commenter"]


def test_a_weasel_plural_names_no_one_but_keeps_its_mention() -> None:
    text = ("The Tarrow council approved the new bridge toll on Monday. Critics claim the "
            "toll is “a tax on the islanders by the back door for years to come”.\n\n"
            "Some delegates complained that the vote lacked “any real debate on the cost”.\n\n"
            "Councillor Ida Marrowby visited the quay on Monday. “We cannot keep the ferry and the "
            "bridge running on goodwill alone,” she said.")
    assert speakers(text) == [(None, "Critics"), (None, "Some delegates"),
                              ("Ida Marrowby", "she")]


def test_they_after_a_weasel_plural_names_no_one() -> None:
    text = ("Many analysts doubt the Corvain harbour will ever pay for itself.\n\n"
            "“The traffic is simply not there, and it will not come,” they said.")
    assert speakers(text) == [(None, "they")]


def test_a_quoted_verb_is_said_by_the_subject_before_it() -> None:
    text = ("Unionists said the harbour master had “quietly” dropped the ferry audit. "
            "A council spokesman “flatly denied” any cover-up.")
    assert speakers(text) == [("Unionists", "Unionists"),
                              ("A council spokesman", "A council spokesman")]


def test_a_role_tied_to_one_body_is_not_another_bodys() -> None:
    text = ("A Unionist spokesman said the ferry levy was “a tax on every island family”.\n\n"
            "The Harbour Party spokesman said: “The levy pays for the new pier and nothing "
            "else.”")
    assert speakers(text) == [("A Unionist spokesman", "A Unionist spokesman"),
                              ("The Harbour Party spokesman", "The Harbour Party spokesman")]


def test_a_spokesman_is_a_new_referent_and_keeps_its_body() -> None:
    text = ("Orla Penhallow, a spokeswoman for the ferry company, said the timetable was "
            "“fixed until the spring”.\n\n"
            "A spokeswoman for Tarrow Council said: “We were never asked about the new "
            "timetable.”")
    assert speakers(text) == [("Orla Penhallow", "Orla Penhallow"),
                              ("A spokeswoman for Tarrow Council",
                               "A spokeswoman for Tarrow Council")]


def test_an_office_before_a_name_describes_the_person() -> None:
    for phrase, name in [("Secretary of State Robert Quillan", "Robert Quillan"),
                         ("Bank of Tarrow governor Ida Marrowby", "Ida Marrowby"),
                         ("Unionist MP Peter Osgood", "Peter Osgood"),
                         ("Harbour Party MSP Mary Fenwick", "Mary Fenwick")]:
        read = read_phrase(phrase)
        assert read is not None and (read.kind, read.name) == ("name", name), phrase


def test_a_body_with_a_preposition_in_its_name_is_kept_whole() -> None:
    body = read_phrase("the Department for Harbours and Ferries")
    assert body is not None and (body.kind, body.name, body.head, body.org) == (
        "name", "Department for Harbours and Ferries", "department", True)
    role = read_phrase("A Department of Harbours spokeswoman")
    assert role is not None and (role.kind, role.head) == ("role", "spokeswoman")
    bishop = read_phrase("The Bishop of Tarrow")
    assert bishop is not None and (bishop.kind, bishop.head) == ("role", "bishop")


def test_a_capitalised_office_is_a_role_and_he_finds_the_person() -> None:
    text = ("Wendel Stroud, Leader of the Harbour Council, spoke to the Tarrow Ledger on "
            "Monday. He then accused the Unionist Leader of “playing politics with the "
            "ferry for the sake of it”.")
    assert speakers(text) == [("Wendel Stroud", "He")]


def test_a_name_with_a_plural_verb_is_a_group_for_they() -> None:
    text = ("Harbour rock group The Quaymen have sold out every show this winter. Singer "
            "Ida Marrowby had friends at the art school in Tarrow.\n\n"
            "The Quaymen had one rule for each song they wrote. “Where is the fun in "
            "that?” they asked at every rehearsal.")
    assert speakers(text) == [("Quaymen", "they")]


def test_a_closing_according_to_names_the_source() -> None:
    text = ("The crew have done “everything in their considerable power” to keep the ferry "
            "running, according to harbour master Orla Penhallow.\n\n"
            "Robert Quillan promised to keep the port “open all winter long”, and, according "
            "to the Tarrow Ledger, asked the council for more money.")
    assert speakers(text) == [("Orla Penhallow", "harbour master Orla Penhallow"),
                              ("Robert Quillan", "Robert Quillan")]


def test_an_auxiliary_opening_a_question_is_not_part_of_the_name() -> None:
    text = ("Ferry questions\n\n"
            "Tarrow voter Robert Osgood asked the candidate about the ferry. Was Osgood "
            "satisfied with the answer?\n\n"
            "“To a point, but I will need to see the timetable first,” he said.")
    assert speakers(text) == [("Robert Osgood", "he")]
    for opener in ("Does", "Had", "Was"):
        read = read_phrase(f"{opener} Osgood")
        assert read is not None and read.name == "Osgood"


def test_someone_named_by_party_is_a_role_as_written() -> None:
    text = ("Ferry vote\n\n"
            "“The gap is too wide to close before the vote,” said one senior Tarrow "
            "Democrat.\n\n"
            "“She can still win the harbour wards,” another Tarrow Democrat said.")
    assert speakers(text) == [("one senior Tarrow Democrat", "one senior Tarrow Democrat"),
                              ("another Tarrow Democrat", "another Tarrow Democrat")]


def test_a_role_read_back_stops_at_a_clause_word() -> None:
    text = ("Ferry levy\n\nThe council backed the levy as the ferry spokesman warned of "
            "storms.\n\nThe spokesman said: “The quay will not survive another winter.”")
    assert speakers(text) == [("the ferry spokesman", "The spokesman")]


def test_a_partys_short_name_is_the_party_named_in_full_before() -> None:
    text = ("Ferry posters\n\nThe Harbour Party has been accused of misleading voters over "
            "the ferry.\n\nHarbour said the poster was “fair comment on a broken promise”.")
    assert speakers(text) == [("Harbour Party", "Harbour")]


def test_a_role_with_a_firm_keeps_the_firms_name() -> None:
    text = ("Broadband\n\nOperators will struggle, said an analyst with research firm "
            "Quaymark.\n\n“The whole market will lag for a year,” she said.")
    assert speakers(text)[-1] == ("an analyst with research firm Quaymark", "she")


def test_a_sentence_opening_inside_a_name_run_ends_the_previous_one() -> None:
    text = ("Ferry talks\n\nMary Fenwick met the harbour board in the U.K. While Fenwick "
            "waited, the board voted.\n\n“We will keep talking,” Fenwick said.")
    assert speakers(text) == [("Mary Fenwick", "Fenwick")]


def test_a_music_player_is_a_device_not_a_person() -> None:
    text = ("Quaymark launch\n\nQuaymark boss Robert Quillan showed off a new music player "
            "on Tuesday.\n\n“Nobody will have an excuse not to switch,” he said.")
    assert speakers(text) == [("Robert Quillan", "he")]


def test_a_calling_before_a_name_describes_the_person() -> None:
    read = read_phrase("Guitarist Robert Quillan")
    assert read is not None and (read.kind, read.name) == ("name", "Robert Quillan")
    assert "guitarist" in read.descriptors
    text = ("Quaymen tour\n\nDrummer Robert Quillan said the band would tour again.\n\n"
            "“We never stopped wanting to play Tarrow,” Quillan said.")
    assert speakers(text) == [("Robert Quillan", "Quillan")]
