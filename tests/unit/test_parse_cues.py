"""Speech cues and their subjects, on invented people: verbs a journalist uses, and
the shapes of sentence that hide the subject from a naive reader.
"""

from __future__ import annotations

import pytest

from briefs import parse_article


def speaker(text: str, k: int = 0) -> str | None:
    return parse_article("Ferry plan for Tarrow\n\n" + text).quotes[k].speaker


@pytest.mark.parametrize("verb", ["barked", "groused", "fumed", "quipped", "implored",
                                  "chimed in", "bemoaned", "pondered", "shot back"])
def test_colourful_speech_verbs_are_cues(verb: str) -> None:
    text = f"“The ferry will never sail on time,” Orla Penhallow {verb}."
    assert speaker(text) == "Orla Penhallow"


def test_a_progressive_tense_has_its_own_subject() -> None:
    text = ("Orla Penhallow, celebrating a win in the harbour vote, is pledging to “build "
            "the new quay before the winter storms”.")
    assert speaker(text) == "Orla Penhallow"


def test_a_participle_after_the_verb_does_not_replace_it() -> None:
    text = ("“I was asked this a couple of months ago and said the same,” Orla Penhallow "
            "said answering a question at the town hall.")
    assert speaker(text) == "Orla Penhallow"


def test_a_negated_verb_ends_the_subject() -> None:
    text = ("Tobias Wrenfield didn’t seem impressed, telling reporters, “A lot of people "
            "said the harbour master should step down.”")
    assert speaker(text) == "Tobias Wrenfield"


def test_an_attribution_after_an_exclamation_can_go_on_with_as() -> None:
    text = ("“The great island of Tarrow is proud to cast its votes for the ferry!” "
            "Councillor Orla Penhallow said as she opened the count.")
    assert speaker(text) == "Orla Penhallow"


def test_a_capitalised_tweeted_is_a_cue() -> None:
    text = ("“Not us, but we cannot argue with it!” Tobias Wrenfield, the head of Ferry "
            "First, Tweeted on Friday.")
    assert speaker(text) == "Tobias Wrenfield"


def test_a_quotation_paragraph_goes_on_from_reported_speech_before_it() -> None:
    text = ("Tobias Wrenfield said that some critics had been predicting the ferry would "
            "close, but this would not happen.\n\n"
            "“That is because the island needs it more than ever, in summer and in winter.”")
    assert speaker(text) == "Tobias Wrenfield"


@pytest.mark.parametrize("role", ["election lawyer", "former tech executive",
                                  "retired neurosurgeon", "spokesman"])
def test_a_role_written_before_the_name_after_an_inverted_cue(role: str) -> None:
    text = f"“It is definitely a yellow light for the ferry,” said {role} Tobias Wrenfield."
    assert speaker(text) == "Tobias Wrenfield"


@pytest.mark.parametrize("name", ["Kelly", "Reilly", "Will", "Read"])
def test_a_surname_that_looks_like_an_adverb_or_a_verb(name: str) -> None:
    text = (f"Ailsa {name} runs the ferry company.\n\n"
            f"“Elections matter for the harbour,” {name} said.")
    assert speaker(text) == f"Ailsa {name}"


def test_an_adjective_before_a_title_is_not_a_cue() -> None:
    text = ("“We are tying the hands of the next council,” state Sen. Tobias Wrenfield said "
            "about halfway through the debate.")
    assert speaker(text) == "Tobias Wrenfield"


def test_a_headline_before_a_dash_is_not_the_speaker() -> None:
    text = "FERRY FARES RISE AGAIN - Orla Penhallow: “The fares have doubled since the spring.”"
    assert speaker(text) == "Orla Penhallow"


def test_a_dateline_is_not_the_subject() -> None:
    text = ("TARROW, July 25 (Halvard Wire) — The Harbour Board released a statement on "
            "Monday, offering “a deep and sincere apology” to the islanders.")
    assert speaker(text) == "Harbour Board"


def test_a_cue_leading_into_the_next_quotation_belongs_to_it() -> None:
    text = ("As the Halvard Times columnist Ivo Stenner wrote, “the ferry was never going to "
            "pay for itself in its first years.”\n\n"
            "However, as harbour master Orla Penhallow told the Tarrow Post, “We have all "
            "suffered the same fate.” She added, “So the island should have acted first.”")
    quotes = parse_article("Ferry plan\n\n" + text).quotes
    assert [q.speaker for q in quotes] == ["Ivo Stenner", "Orla Penhallow", "Orla Penhallow"]


def test_an_infinitive_is_not_the_clauses_verb() -> None:
    text = ("“The crews are under a lot of pressure,” a harbour source, who was not "
            "authorised to speak on the record, told the Tarrow Post.")
    assert speaker(text) == "a harbour source"


def test_one_of_a_group_is_a_speaker() -> None:
    text = ("“It was unseemly and everyone knew it,” said one of two witnesses who saw the "
            "meeting.")
    assert speaker(text) == "one of two witnesses"


def test_a_name_after_a_title_with_a_preposition() -> None:
    text = ("Former secretary of state Orla Penhallow:“We learned that from the harbour "
            "board and its own analysis.”")
    assert speaker(text) == "Orla Penhallow"


def test_a_verb_after_the_quotation_in_another_clause_is_not_its_cue() -> None:
    text = ("But Tobias Wrenfield said the council has “enormous respect” for the crews and "
            "his ferry comment was a joke.")
    assert speaker(text) == "Tobias Wrenfield"


def test_an_opening_participle_phrase_is_not_the_subject() -> None:
    text = ("Continuing to explain his view, Tobias Wrenfield rejected the plan, saying that "
            "\"the ferry was never meant to carry lorries.\"")
    assert speaker(text) == "Tobias Wrenfield"


def test_a_participle_after_a_place_hangs_on_the_subject() -> None:
    text = ("Orla Penhallow replied to the question on Facebook writing, “Yes, I will, and "
            "so will the whole council.”")
    assert speaker(text) == "Orla Penhallow"


@pytest.mark.parametrize("verb", ["reacted", "retaliated", "cut in"])
def test_more_inverted_cues(verb: str) -> None:
    assert speaker(f"“The ferry will never sail on time,” {verb} Orla Penhallow.") == (
        "Orla Penhallow")


def test_a_bare_verb_form_after_a_singular_noun_is_a_noun() -> None:
    text = ("Harbour master Orla Penhallow said the ferry's mental state is \"spiraling out of "
            "control.\"")
    assert speaker(text) == "Orla Penhallow"


def test_an_adverb_between_but_and_the_verb() -> None:
    text = ("Orla Penhallow used to oppose the ferry, but now said the council had “the "
            "chance and the duty to bring the islands together.”")
    assert speaker(text) == "Orla Penhallow"


def test_read_is_its_own_past_tense() -> None:
    text = "“The meeting will be held at the town hall on Friday,” the statement read."
    assert speaker(text) == "the statement"


def test_an_opening_mark_typed_for_a_closing_one() -> None:
    text = "“It is unusual for the harbour,“ said Tobias Wrenfield, a lawyer in Tarrow."
    assert speaker(text) == "Tobias Wrenfield"


def test_pressed_is_a_cue() -> None:
    assert speaker("“Would the fare be negotiable at all?” Ivo Stenner pressed.") == (
        "Ivo Stenner")


def test_a_relative_clause_speaks_for_the_name_it_hangs_on() -> None:
    text = ("On Thursday, the ferry plan won its first backer on the council, Ivo Stenner, "
            "who declared in the chamber, “It is time to unite behind the ferry.”")
    assert speaker(text) == "Ivo Stenner"


def test_who_right_after_a_name() -> None:
    text = "The loudest reply came from Ailsa Venn who tweeted, “Fix the old ferry first.”"
    assert speaker(text) == "Ailsa Venn"


def test_a_surname_that_is_a_common_word_after_a_given_name() -> None:
    text = ("“We won a smaller share of the votes than any party before us,” said Jane From, "
            "who founded the Tarrow club.")
    assert speaker(text) == "Jane From"


def test_a_person_named_by_nationality_keeps_the_article() -> None:
    text = "“A lot more players are capable of it now,” said the Valdorian after the final."
    assert speaker(text) == "the Valdorian"


def test_an_inverted_said_opening_a_colon_line() -> None:
    text = "Said Ivo Stenner: “When this chance came up, I did not really have to think.”"
    assert speaker(text) == "Ivo Stenner"


def test_a_parenthetical_inverted_cue_names_the_speaker_after_it() -> None:
    text = ("The puzzle of the ferry, says Ivo Stenner, a historian at the Tarrow Institute, "
            "is that it was \"one of the busiest routes in the islands,\" not the slowest.")
    assert speaker(text) == "Ivo Stenner"


def test_an_appositive_before_the_verb_is_not_a_parenthetical() -> None:
    text = ("Orla Penhallow, a lawyer, said the plan was \"a disgrace to the whole island.\"")
    assert speaker(text) == "Orla Penhallow"


def test_told_and_its_listener_after_a_question() -> None:
    text = ("“We will not have a good relationship, who knows?” Ivo Stenner told Halvard "
            "Radio in an interview aired on Monday.")
    assert speaker(text) == "Ivo Stenner"


def test_told_that_after_a_full_stop_reports_new_speech() -> None:
    text = ("“The ferry is late.” Ivo Stenner told reporters that the council would meet on "
            "Friday.")
    assert speaker(text) is None


def test_asked_and_its_listener_after_a_question() -> None:
    text = ("“Why are you still backing the ferry?” Orla Penhallow asked the councillors. "
            "“What does that say about the council?”")
    assert speaker(text) == "Orla Penhallow"


def test_a_reflexive_after_the_name() -> None:
    text = "Tobias Wrenfield himself said on Tuesday that “the ferry will sail in May.”"
    assert speaker(text) == "Tobias Wrenfield"


def test_a_subject_joined_by_and() -> None:
    text = "“The ferry can run all year,” harbour experts Ivo Stenner and Ailsa Venn wrote."
    assert speaker(text) == "Ivo Stenner and Ailsa Venn"


def test_and_after_a_clause_starts_the_subject() -> None:
    text = "The council approved the plan and Orla Penhallow said “it is a good day.”"
    assert speaker(text) == "Orla Penhallow"


def test_a_verb_form_after_a_preposition_is_a_noun() -> None:
    text = ("Funds\n\n"
            "Merit Kahlo was defending the charity against attacks, but admitted that its "
            "donations may have “slipped through the cracks of the system.”")
    quote = parse_article(text).quotes[0]
    assert (quote.speaker, quote.cue) == ("Merit Kahlo", "admitted")


def test_a_name_before_claims_after_a_preposition_makes_it_a_noun() -> None:
    text = ("Harbour master Orla Penhallow hit back at Unionist claims she had treated the "
            "ferry crews as “hostages to the budget”. “They are not hostages, they are our "
            "neighbours and I will pay them on time.”")
    quotes = parse_article("Ferry plan for Tarrow\n\n" + text).quotes
    assert [q.speaker for q in quotes] == ["Orla Penhallow", "Orla Penhallow"]
