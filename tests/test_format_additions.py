"""What the record format could not say (issue 13) and now can: each new field gives the
triples its schema entry names, a record using them all validates, and a bad code is
refused with its vocabulary named."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from danvan_kg.errors import RecordError
from danvan_kg.stores import Store
from danvan_kg.validate import Severity, validate_files
from test_records import HEADER, convert_text

DV = "https://w3id.org/danvan/ontology#"
DVI = "https://w3id.org/danvan/id/"
VOCAB = "https://w3id.org/danvan/vocab/"
XSD = "http://www.w3.org/2001/XMLSchema#"
ERRORS = (Severity.UNUSABLE, Severity.VIOLATION)

ORGS = (
    "organisations:\n"
    "  - {key: bdv, name: Ban Dân vận Huyện ủy Thử, kind: party-commission, level: district}\n"
    "  - {key: mttq, name: Ủy ban MTTQ huyện Thử, kind: fatherland-front, level: district}\n"
    "  - {key: hnd, name: Hội Nông dân xã Thử, kind: mass-association, level: commune}\n"
)


def said(quads: list[ox.Quad], subject: str) -> set[tuple[str, ox.NamedNode | ox.Literal]]:
    """(dv: local name, object) of every dv: statement about ``subject``."""
    return {
        (quad.predicate.value.removeprefix(DV), quad.object)
        for quad in quads
        if quad.subject.value == subject and quad.predicate.value.startswith(DV)
    }


def code(scheme: str, value: str) -> ox.NamedNode:
    return ox.NamedNode(f"{VOCAB}{scheme}/{value}")


def node(kind: str, key: str) -> ox.NamedNode:
    return ox.NamedNode(f"{DVI}{kind}/{key}")


def year(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + "gYear"))


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


# --------------------------------------------------------------------------- conversion


def test_an_event_says_its_co_organisers_format_and_what_it_launches_or_carries_out() -> None:
    quads = convert_text(
        HEADER
        + ORGS
        + "initiatives:\n  - {key: dvk, kind: emulation-movement, name: Dân vận khéo}\n"
        + "documents:\n  - {key: ct, identifier: 19-CT/TU, issuer: bdv, date: 2013-10-16}\n"
        + "events:\n"
        "  - key: 2024-03-05-phat-dong\n"
        "    kind: launch\n"
        "    date: 2024-03-05\n"
        "    organiser: bdv\n"
        "    co_organisers: [mttq, hnd]\n"
        "    format: online\n"
        "    bridge_points: 19\n"
        "    launches: [dvk]\n"
        "    carries_out: [ct]\n"
    )
    event = said(quads, DVI + "event/2024-03-05-phat-dong")
    directive = next(q.subject for q in quads if q.predicate.value == DV + "identifier")
    assert {
        ("eventKind", code("eventkind", "launch")),
        ("organiser", node("org", "bdv")),
        ("coOrganiser", node("org", "mttq")),
        ("coOrganiser", node("org", "hnd")),
        ("meetingFormat", code("meetingformat", "online")),
        ("bridgePointCount", integer(19)),
        ("launches", node("initiative", "dvk")),
        ("eventCarriesOut", directive),
    } <= event
    # Carrying a directive out is not reviewing it, nor a document's lineage.
    assert not {p for p, _ in event} & {"hasReview", "carriesOut"}


@pytest.mark.parametrize("kind", ["contest", "anniversary", "launch"])
def test_contests_anniversaries_and_launches_are_event_kinds(kind: str) -> None:
    quads = convert_text(HEADER + f"events:\n  - {{key: e, kind: {kind}, date: 2015-10-12}}\n")
    assert ("eventKind", code("eventkind", kind)) in said(quads, DVI + "event/e")


def test_a_review_keeps_its_phase_apart_from_the_period_it_covers() -> None:
    # "Sơ kết 2 năm" (2021-2023) of the 2021-2025 phase.
    quads = convert_text(
        HEADER + "initiatives:\n  - {key: dvk, kind: emulation-movement, name: Dân vận khéo}\n"
        "events:\n  - key: e\n    kind: conference\n    date: 2023-11-20\n    reviews:\n"
        "      - {of: dvk, kind: interim-review, period: 2021-2023, phase: 2021-2025}\n"
    )
    review = next(q.object.value for q in quads if q.predicate.value == DV + "hasReview")
    assert {
        ("periodStart", year("2021")),
        ("periodEnd", year("2023")),
        ("phaseStart", year("2021")),
        ("phaseEnd", year("2025")),
    } <= said(quads, review)


def test_a_model_owned_by_a_person_says_whose_association_and_who_recognised_it() -> None:
    quads = convert_text(
        HEADER + ORGS + "people:\n  - {key: nguyen-van-a, name: Nguyễn Văn A}\n" + "models:\n"
        "  - key: m\n"
        "    name: Mô hình nuôi bò sinh sản của hộ ông Nguyễn Văn A\n"
        "    kind: model\n"
        "    owner: nguyen-van-a\n"
        "    association: hnd\n"
        "    place_description: thôn Nà Pài\n"
        "    recognised_by: bdv\n"
        "  - {key: x, name: Gương điển hình bà B, kind: exemplar, owner: bdv}\n"
    )
    assert {
        ("modelKind", code("modelkind", "model")),
        ("owner", node("person", "nguyen-van-a")),
        ("association", node("org", "hnd")),
        ("recognisedBy", node("org", "bdv")),
        ("placeDescription", ox.Literal("thôn Nà Pài", language="vi")),
    } <= said(quads, DVI + "model/m")
    # A body still owns a collective's model, with the same predicate.
    assert {
        ("modelKind", code("modelkind", "exemplar")),
        ("owner", node("org", "bdv")),
    } <= said(quads, DVI + "model/x")


def test_a_proposed_award_and_a_ranked_prize() -> None:
    quads = convert_text(
        HEADER + ORGS + "awards:\n"
        "  - {key: proposed, form: commendation, status: proposed, giver: mttq,"
        " proposed_by: bdv, individuals: 2}\n"
        "  - {key: prize, name: Giải nhì, form: prize, rank: second, giver: bdv, collectives: 1}\n"
        "  - {key: given, form: certificate-of-merit, giver: bdv, collectives: 3}\n"
    )
    assert {
        ("awardStatus", code("awardstatus", "proposed")),
        ("proposedBy", node("org", "bdv")),
        ("giver", node("org", "mttq")),
    } <= said(quads, DVI + "award/proposed")
    assert {
        ("awardForm", code("awardform", "prize")),
        ("prizeRank", code("prizerank", "second")),
    } <= said(quads, DVI + "award/prize")
    # Without a status an award was given: nothing is written (the records before issue 13).
    assert not {p for p, _ in said(quads, DVI + "award/given")} & {"awardStatus", "prizeRank"}


def test_a_figure_says_who_recognised_what_it_counts_and_models_apart_from_exemplars() -> None:
    quads = convert_text(
        HEADER + ORGS + "figures:\n"
        "  - {key: all, measure: models-built, value: 201}\n"
        "  - {key: exemplars, measure: models-built, value: 54, category: exemplar,"
        " breakdown_of: all, recognised_by: bdv}\n"
        "  - {key: models, measure: models-built, value: 147, category: model, breakdown_of: all}\n"
    )
    assert {
        ("category", code("category", "exemplar")),
        ("recognisedBy", node("org", "bdv")),
    } <= said(quads, DVI + "figure/exemplars")
    assert ("category", code("category", "model")) in said(quads, DVI + "figure/models")


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            "events:\n  - {key: e, kind: conference, format: zoom}\n",
            "format",
            "'zoom' is not a code of vocabulary 'meetingformat'",
        ),
        (
            "events:\n  - {key: e, kind: festival}\n",
            "kind",
            "'festival' is not a code of vocabulary 'eventkind'",
        ),
        (
            "events:\n  - {key: e, kind: conference, bridge_points: -2}\n",
            "bridge_points",
            "is not a whole number",
        ),
        (
            "awards:\n  - {key: a, form: prize, rank: gold}\n",
            "rank",
            "'gold' is not a code of vocabulary 'prizerank'",
        ),
        (
            "awards:\n  - {key: a, status: pending}\n",
            "status",
            "'pending' is not a code of vocabulary 'awardstatus'",
        ),
        (
            "models:\n  - {key: m, name: M, kind: hero}\n",
            "kind",
            "'hero' is not a code of vocabulary 'modelkind'",
        ),
        (
            "models:\n  - {key: m, name: M, owner: nobody}\n",
            "owner",
            "no org or person with key 'nobody'",
        ),
        (
            "figures:\n  - {key: f, measure: models-built, value: 1, category: hero}\n",
            "category",
            "'hero' is not a code of vocabulary 'category'",
        ),
    ],
)
def test_a_bad_value_of_a_new_field_is_refused_under_its_field(
    body: str, field: str, message: str
) -> None:
    with pytest.raises(RecordError) as caught:
        convert_text(HEADER + body, name="bad.yaml")
    assert caught.value.field == field
    assert message in caught.value.bare("en")


# --------------------------------------------------------------------------- validation

# A file using every new field, about records already in the shipped graph (Thanh Liêm,
# Chỉ thị 19-CT/TU of Hà Nam, Dân vận khéo).
GOOD = """\
format: danvan-record/1

source:
  key: test-format-additions
  kind: article
  title: "Thanh Liêm phát động, sơ kết và thi “Dân vận khéo”"

units:
  - {key: thanh-liem, name: Thanh Liêm, level: district, province: Hà Nam}

organisations:
  - key: hoi-nong-dan-huyen-thanh-liem-thu
    name: Hội Nông dân huyện Thanh Liêm
    kind: mass-association
    level: district
    territory: thanh-liem

people:
  - {key: nguyen-van-thu-thanh-liem, name: Nguyễn Văn Thử}

documents:
  - key: tt-thanh-liem-2024-de-nghi
    type: BC
    number: "12"
    issuer: huyen-uy-thanh-liem
    date: 2024-12-20
    title: "đề nghị khen thưởng"

events:
  - key: 2024-03-05-thanh-liem-phat-dong-dvk
    kind: launch
    date: 2024-03-05
    place: thanh-liem
    organiser: huyen-uy-thanh-liem
    co_organisers: [ubnd-huyen-thanh-liem]
    format: online
    bridge_points: 17
    launches: [dan-van-kheo]
    carries_out: [ct-19-tu-ha-nam-2013]
  - key: 2023-11-20-thanh-liem-so-ket-2-nam
    kind: anniversary
    date: 2023-11-20
    place: thanh-liem
    organiser: huyen-uy-thanh-liem
    format: in-person
    reviews:
      - {of: dan-van-kheo, kind: interim-review, period: 2021-2023, phase: 2021-2025}
  - key: 2024-10-15-thanh-liem-hoi-thi-dvk
    kind: contest
    date: 2024-10-15
    place: thanh-liem
    organiser: huyen-uy-thanh-liem

models:
  - key: thanh-liem-mo-hinh-ho-ong-thu
    name: Mô hình nuôi bò sinh sản của hộ ông Nguyễn Văn Thử
    kind: model
    owner: nguyen-van-thu-thanh-liem
    association: hoi-nong-dan-huyen-thanh-liem-thu
    place: thanh-liem
    place_description: thôn Thử
    field: economy
    recognition_level: district
    recognised_by: ubnd-huyen-thanh-liem
    recognised_in: 2023

awards:
  - key: 2024-thanh-liem-hoi-thi-giai-nhat
    name: Giải nhất
    form: prize
    rank: first
    giver: huyen-uy-thanh-liem
    collectives: 1
    for: [dan-van-kheo]
    presented_at: 2024-10-15-thanh-liem-hoi-thi-dvk
  - key: 2024-thanh-liem-de-nghi-bang-khen
    form: commendation
    status: proposed
    proposed_by: huyen-uy-thanh-liem
    giver: ubnd-huyen-thanh-liem
    decision: tt-thanh-liem-2024-de-nghi
    individuals: 2
    for: [dan-van-kheo]
    presented_at: 2024-10-15-thanh-liem-hoi-thi-dvk

figures:
  - key: thanh-liem-2023-dvk-individual-models
    measure: models-recognised
    value: 54
    category: individual
    scope: thanh-liem
    about: dan-van-kheo
    recognised_by: ubnd-huyen-thanh-liem
    period: "2023"
"""


def _validate(tmp_path: Path, store: Store, text: str) -> list[tuple[str, str | None, str]]:
    path = tmp_path / "format-additions.yaml"
    path.write_text(text, encoding="utf-8")
    report = validate_files([path], store)
    return [
        (finding.severity.value, finding.field, finding.message_en)
        for finding in report.findings
        if finding.severity in ERRORS
    ]


def test_a_record_using_every_new_field_validates(graph: Store, tmp_path: Path) -> None:
    assert _validate(tmp_path, graph, GOOD) == []


def test_a_proposed_award_is_not_held_to_the_rules_of_a_given_one(
    graph: Store, tmp_path: Path
) -> None:
    # The proposal is dated after the contest and issued by the proposer, not the giver:
    # right for a proposal, wrong for a decision.
    given = GOOD.replace("    status: proposed\n", "")
    found = _validate(tmp_path, graph, given)
    assert sorted(field for _, field, _ in found) == ["decision", "decision"]
    assert any("must be issued by the giver" in message for _, _, message in found)
    assert any("the decision must come first" in message for _, _, message in found)


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "    format: in-person\n",
            "    format: in-person\n    bridge_points: 3\n",
            "bridge_points",
            "An in-person event has no bridge points, but 3 are given",
        ),
        (
            "    form: prize\n",
            "    form: commendation\n",
            "rank",
            "A rank is given only to a prize (form: prize).",
        ),
        (
            "    owner: nguyen-van-thu-thanh-liem\n",
            "    owner: 2024-10-15-thanh-liem-hoi-thi-dvk\n",
            "owner",
            "no org or person with key",
        ),
    ],
)
def test_the_shapes_judge_the_new_fields(
    graph: Store, tmp_path: Path, old: str, new: str, field: str, message: str
) -> None:
    assert GOOD.count(old) == 1
    found = _validate(tmp_path, graph, GOOD.replace(old, new))
    assert [f for _, f, _ in found] == [field]
    assert message in found[0][2]


def test_a_period_outside_its_phase_is_a_warning(graph: Store, tmp_path: Path) -> None:
    path = tmp_path / "phase.yaml"
    path.write_text(GOOD.replace("phase: 2021-2025", "phase: 2022-2025"), encoding="utf-8")
    [finding] = [
        f for f in validate_files([path], graph).findings if f.shape and "Phase" in f.shape
    ]
    assert (finding.severity, finding.field) == (Severity.WARNING, "reviews[0].period")
    assert finding.message_en == (
        "The reviewed period (2021–2023) is outside the phase (2022–2025):"
        " check the period or the phase."
    )
