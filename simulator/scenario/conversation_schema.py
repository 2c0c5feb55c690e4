"""The `conversations:` section of a scenario: discovery conversations a trainer writes.

A conversation happens on a one-to-one touch (a call or a visit). The trainer writes the question bank (each
question of a kind: situation, the "switch" timeline's past specifics, leading or hypothetical, product talk)
and client archetypes: the job a client of that kind is trying to get done, the forces that push and hold them
(push, pull, anxiety, habit) and how they answer each kind of question. The engine decides what an answer
reveals (:mod:`simulator.engine.conversation_rules`); the texts are only what the client says.

Cross-checks (ids of jobs, products, segments and clients; one archetype per client) live in
:mod:`simulator.scenario.checks` so that every problem in a file is reported at once.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .schema import Float, Id, Int, StrictModel, Text

QuestionKindName = Literal["situation", "happened", "tried", "push", "held_back", "leading", "hypothetical", "product"]

DISCOVERY_KINDS = ("situation", "happened", "tried", "push", "held_back")
LEADING_KINDS = ("leading", "hypothetical")
ANSWER_KINDS = DISCOVERY_KINDS + ("agree", "vague", "no_need", "pitch", "early_pitch")
REQUIRED_ANSWERS = DISCOVERY_KINDS


class ConversationQuestion(StrictModel):
    """One question the desk may ask in a conversation."""

    id: Id
    kind: QuestionKindName = Field(description=(
        "What sort of question it is: `situation` (how things are done today), the switch timeline's past "
        "specifics `happened` (what happened that made them look), `tried` (what they tried), `push` (what made "
        "it urgent), `held_back` (what held them back); `leading` (a question that suggests its answer), "
        "`hypothetical` (\"would you buy...?\"); `product` (talk about our product). Situation and past "
        "questions reveal the client's real job; leading and hypothetical ones earn polite agreement; product "
        "talk before the job is found costs goodwill."))
    text: Text = Field(description="The question as the player reads it on the menu.")
    job: Id | None = Field(None, description="For `leading` and `hypothetical`: the job the question suggests "
                                             "(a \"yes\" to it is noted as a need, true or not).")
    product: Id | None = Field(None, description="For `product`: the product talked about.")




class Forces(StrictModel):
    """The four forces of a switch (jobs to be done), each 0..1."""

    push: Float = Field(0.5, ge=0.0, le=1.0, description="How hard the present situation pushes them to change.")
    pull: Float = Field(0.5, ge=0.0, le=1.0, description="How strongly a better way attracts them.")
    anxiety: Float = Field(0.3, ge=0.0, le=1.0, description="Their fear of the new way: unless a question "
                                                             "surfaces it, offers to them convert less.")
    habit: Float = Field(0.3, ge=0.0, le=1.0, description="How attached they are to the way they work now.")


class ArchetypeAnswers(StrictModel):
    """What a client of this archetype says, per kind of question (and per outcome). One language is enough."""

    situation: Text = Field(description="Answer to a situation question once it uncovers the job.")
    happened: Text = Field(description="What happened that made them look (a past-specific answer).")
    tried: Text = Field(description="What they tried before.")
    push: Text = Field(description="What made it urgent.")
    held_back: Text = Field(description="What held them back (their anxiety and habit).")
    agree: Text | None = Field(None, description="Polite agreement to a leading or hypothetical question "
                                                 "(the catalogue's words when omitted).")
    vague: Text | None = Field(None, description="A good question that draws nothing this time.")
    no_need: Text | None = Field(None, description="Said by a client who does not have the job: \"we're fine\".")
    pitch: Text | None = Field(None, description="Reply to product talk once the job is known.")
    early_pitch: Text | None = Field(None, description="Reply to product talk before the job is known "
                                                       "(the client cools).")


class Archetype(StrictModel):
    """A kind of client: their job, the forces on them and how they answer."""

    id: Id
    name: Text = Field(description="The archetype's name (the trainer's and the debrief's word for it).")
    segments: list[Id] = Field(default_factory=list, max_length=50,
                               description="Segments whose generated clients are of this archetype.")
    clients: list[Id] = Field(default_factory=list, max_length=10_000,
                              description="Named clients of this archetype.")
    job: Id = Field(description="The job situation and past questions uncover (when the client has it).")
    forces: Forces = Field(default_factory=Forces, description="The forces of the switch on these clients.")
    answers: ArchetypeAnswers = Field(description="What these clients say, per kind of question.")


class Conversations(StrictModel):
    """Discovery conversations on one-to-one touches: the question bank and the client archetypes."""

    length: Int = Field(4, ge=1, le=10, description="The natural length: questions a client answers gladly; "
                                                    "each one past it annoys and reveals less.")
    questions: list[ConversationQuestion] = Field(min_length=1, max_length=60,
                                                  description="The questions the desk may ask.")
    archetypes: list[Archetype] = Field(min_length=1, max_length=50,
                                        description="Kinds of clients, each with its job, forces and answers.")
