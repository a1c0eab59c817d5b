"""Quotations whose speaker the article names only by a pronoun ("he", "who").

Every article here is invented: the people, places and outlets do not exist.
"""

from __future__ import annotations

from briefs import parse_article


def speakers(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in parse_article(text).quotes]


def test_he_opening_a_sentence_with_an_embedded_quote_is_the_previous_subject() -> None:
    text = ("Harbour row deepens\n\n"
            "Corwin Adley, the harbour master, said he would close the quay to ferries.\n\n"
            "He then urged the council to “find the money before the winter storms.”")
    assert speakers(text) == [("find the money before the winter storms.", "Corwin Adley")]


def test_he_after_a_sentence_about_something_else_is_not_guessed() -> None:
    text = ("Harbour row deepens\n\n"
            "Corwin Adley, the harbour master, met Brannoc Tisdale on Monday.\n\n"
            "Tisdale’s petition calls for a new ferry. "
            "He also seeks “a ban on cargo ships in the bay at night.”")
    assert speakers(text) == [("a ban on cargo ships in the bay at night.", None)]


def test_a_chain_of_sentences_on_he_keeps_the_same_person() -> None:
    text = ("Harbour row deepens\n\n"
            "Corwin Adley sharpened his language on Monday.\n\n"
            "He has coined a phrase for the ferries. "
            "He also wants the harbour to “stay open to every fishing boat in Tarrow.”")
    assert speakers(text)[-1] == ("stay open to every fishing boat in Tarrow.", "Corwin Adley")


def test_he_and_someone_else_are_two_people_not_one() -> None:
    text = ("Harbour row deepens\n\n"
            "Corwin Adley said the quay was busy.\n\n"
            "He and his partner came because they wanted to show “the ferries still matter.”")
    assert speakers(text) == [("the ferries still matter.", None)]


def test_a_conjunction_opening_the_sentence_leaves_the_pronoun_its_subject() -> None:
    text = ("Harbour row deepens\n\n"
            "Corwin Adley has not said whether he will stand again. "
            "But he began talking about what will happen “if the ferry company folds.”\n\n"
            "Mirela Ostrova says the quay must stay open. "
            "And she is sure that closing it will only anger the town: "
            "“They are making enemies of every fisherman in Tarrow.”")
    assert speakers(text) == [
        ("if the ferry company folds.", "Corwin Adley"),
        ("They are making enemies of every fisherman in Tarrow.", "Mirela Ostrova"),
    ]


def test_thats_why_is_no_name_and_the_pronoun_after_it_is_the_subject() -> None:
    text = ("Harbour row deepens\n\n"
            "Corwin Adley said he grew up among the fishing families. "
            "He said he sees his father in many of them.\n\n"
            "That’s why he wanted to “go a little further” to understand the crews.\n\n"
            "Mirela Ostrova said the quay was busy. "
            "This is why she asked the town to “keep the harbour lights on all night.”")
    assert speakers(text) == [
        ("go a little further", "Corwin Adley"),
        ("keep the harbour lights on all night.", "Mirela Ostrova"),
    ]


def test_a_contraction_opening_a_sentence_names_no_one() -> None:
    text = ("Harbour row deepens\n\n"
            "Corwin Adley closed the quay on Monday.\n\n"
            "That’s why the crews wanted to “go a little further than the rest” in the end. "
            "There’s still a “price for keeping every ferry safe” in the winter.")
    assert speakers(text) == [("go a little further than the rest", None),
                              ("price for keeping every ferry safe", None)]


def test_who_after_a_dash_hangs_on_the_name_before_it() -> None:
    text = ("Harbour row deepens\n\n"
            "Council leader Corwin Adley - who once said he would “sell every ferry to the "
            "highest bidder” - said on Monday that the quay would stay open.")
    assert speakers(text)[0] == ("sell every ferry to the highest bidder", "Corwin Adley")


def test_a_time_long_ago_opens_the_sentence_before_its_subject() -> None:
    text = ("Harbour row deepens\n\n"
            "Corwin Adley made it plain that he would back the ferry plan. "
            "Eight years ago, he opposed the quay and said, “The council has never done "
            "anything for the fishermen.”")
    assert speakers(text) == [
        ("The council has never done anything for the fishermen.", "Corwin Adley")]


def test_an_attribution_closing_the_sentence_may_say_where_at_some_length() -> None:
    text = ("Harbour row deepens\n\n"
            "Mirela Ostrova on Tuesday became the first woman to run the harbour board.\n\n"
            "The board had “cracked the oldest ceiling” in Tarrow, she said in a video "
            "message to the fishermen.")
    assert speakers(text) == [("cracked the oldest ceiling", "Mirela Ostrova")]


def test_reported_speech_goes_on_into_a_sentence_no_one_else_speaks() -> None:
    text = ("Harbour row deepens\n\n"
            "Corwin Adley, who wrote a book on rumours, said the harbour gossip had changed.\n\n"
            "This makes it hard to stop a rumour, he said. Good information can still beat "
            "bad, but usually only when “the truth is better than the tale.”")
    assert speakers(text) == [("the truth is better than the tale.", "Corwin Adley")]


def test_reported_speech_does_not_go_on_into_a_sentence_with_its_own_subject() -> None:
    text = ("Harbour row deepens\n\n"
            "Corwin Adley said the harbour gossip had changed.\n\n"
            "This makes it hard to stop a rumour, he said. The council still calls the "
            "quay “the oldest and safest harbour in the west.”")
    assert speakers(text)[0][1] != "Corwin Adley"


def test_wanted_to_know_asks_a_question() -> None:
    text = ("Harbour row deepens\n\n"
            "“She is exactly right about the ferries,” the host, Corwin Adley, said.\n\n"
            "But he wanted to know, “How surprised are you that the quay stayed open "
            "all winter?”")
    assert speakers(text)[-1] == (
        "How surprised are you that the quay stayed open all winter?", "Corwin Adley")


def test_a_speech_verb_after_the_quotation_in_a_relative_clause_names_no_one() -> None:
    text = ("Harbour row deepens\n\n"
            "Corwin Adley sharpened his language on Monday.\n\n"
            "He expressed amusement that the council had backed the ferry “only in the "
            "morning papers and never at the meetings,” echoing critics who have "
            "suggested it is afraid.")
    assert speakers(text) == [
        ("only in the morning papers and never at the meetings", "Corwin Adley")]


def test_a_speech_verb_after_the_quotation_sharing_its_subject_names_no_one_else() -> None:
    text = ("Harbour row deepens\n\n"
            "The Tarrow Fishermen’s Guild “welcomed” the plan, but said it came too late.\n\n"
            "Corwin Adley closed the quay on Monday, while Mirela Ostrova, the harbour "
            "master, proposed they “wait for calmer seas” and said the ferries should stay.")
    found = speakers(text)
    assert found[0] == ("welcomed", "Tarrow Fishermen’s Guild")
    assert found[1][1] != "Corwin Adley"  # a quotation after "while" is not the subject's


def test_two_quotations_joined_by_and_share_the_embedded_speaker() -> None:
    text = ("Harbour row deepens\n\n"
            "Corwin Adley, a pastor in Tarrow, attacked the ferry company on Monday.\n\n"
            "He then implied that its directors should be punished, by having “a heavy "
            "anchor be tied” to their boots and “thrown into the deepest part of the bay,” "
            "for what they did.")
    assert speakers(text) == [
        ("a heavy anchor be tied", "Corwin Adley"),
        ("thrown into the deepest part of the bay", "Corwin Adley"),
    ]
