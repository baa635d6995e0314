"""Every scored item declared once.

An :class:`Item` says: its id (= the rule id in ``rules.yaml``), its rule kind, the fact
columns it reads, its vectorised claim (bonus items), the rule parameters it needs, whether it
is shown when not claimed, the official list it refers to, the advice actions that would add
it, and the documents that prove it. Display order is the order of :data:`ITEMS` (the form's
order); display names and sentences are catalogue entries keyed by the id
(``item.<id>.label``, ``item.<id>.<status>``, ``document.<code>``).

The engine, the explanations, the renderers and advice iterate this registry; exclusions and
requirements between items live only in the rule data. Adding a bonus item on a new fact is:
the rule data, one :class:`Item` here (with a :class:`ColumnGroup` for the new fact), the
input field, the catalogue messages and tests (docs/adding-an-item.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from kodo.items import actions as act
from kodo.items import claims
from kodo.items.actions import ActionSpec
from kodo.items.claims import ClaimFn
from kodo.items.columns import COLUMNS, ColumnGroup


@dataclass(frozen=True)
class Item:
    id: str
    kind: str  # the rule kind in rules.yaml: education | career | salary | age | research |
    #            count_table | position | bonus
    reads: tuple[str, ...] = ()  # fact columns
    claim: ClaimFn | None = None  # bonus items: the vectorised claim
    params: tuple[str, ...] = ()  # bonus parameters every version in force must give
    core: bool = False  # shown in every result, even when nothing is claimed
    official_list: str | None = None  # the official list a claim must be checked against
    actions: tuple[ActionSpec, ...] = ()  # advice: what would add this item
    evidence: tuple[str, ...] = ()  # documents that prove it (catalogue: document.<code>)
    detail: str | None = None  # what a bonus claim's detail value is, for the explanation:
    #   japanese_ways (bit mask over vocab.JAPANESE_WAYS) | ratio | criteria | amount


ITEMS: tuple[Item, ...] = (
    Item("education", "education", ("degree", "business"), core=True,
         actions=(act.degrees,), evidence=("degree_certificate",)),
    Item("multiple_fields", "bonus", ("multiple_fields", "multiple_fields_unknown"),
         claim=claims.fields_differ, evidence=("degree_fields",)),
    Item("career", "career", tuple(f"{k}_years" for k in ("research", "professional",
         "management")), core=True, evidence=("employment_record",)),
    Item("salary", "salary", ("salary", "salary_perf", "age"), core=True,
         actions=(act.salary_raises,), evidence=("salary_certificate",)),
    Item("age", "age", ("age",), core=True, evidence=("passport",)),
    Item("research", "research",
         ("patents", "funded_projects", "papers", "papers_corresponding", "other_research"),
         actions=(act.patent,), evidence=("research_record",)),
    Item("licences", "count_table", ("licenses",), actions=(act.licences,),
         official_list="it_notice_exams", evidence=("licence_certificates",)),
    Item("position", "position", ("position",), actions=(act.representative,),
         evidence=("registry_officer",)),
    Item("innovation_support", "bonus", ("innovation_support",),
         claim=claims.flag("innovation_support"), official_list="innovation_support_measures",
         actions=(act.employer_flag("innovation_support", 6.0),),
         evidence=("innovation_certificate",)),
    Item("innovation_support_sme", "bonus", ("sme",), claim=claims.flag("sme"),
         evidence=("sme_evidence",)),
    Item("local_gov_support", "bonus", ("local_gov_support",),
         claim=claims.flag("local_gov_support"),
         actions=(act.employer_flag("local_gov_support", 6.0),),
         evidence=("local_gov_evidence",)),
    Item("rnd_ratio_sme", "bonus", ("rnd_flag", "rnd_ratio"), claim=claims.rnd_ratio,
         params=("ratio_pct",), evidence=("rnd_statements",), detail="ratio"),
    Item("foreign_qualification", "bonus", ("foreign_qualification",),
         claim=claims.flag("foreign_qualification"), official_list="foreign_qualifications",
         actions=(act.base_flag("foreign_qualification", "qualification", 3.0),),
         evidence=("foreign_qualification_certificate",)),
    Item("jp_degree", "bonus", ("japan_level",), claim=claims.japanese_degree,
         params=("degree_levels",), actions=(act.japanese_degree,),
         evidence=("jp_degree_certificate",)),
    Item("n1_or_jp_major", "bonus", ("jlpt", "bjt", "japanese_major"),
         claim=claims.japanese_level("N1", with_major=True), params=("bjt_min",),
         actions=(act.jlpt("N1", 3.0),), evidence=("japanese_n1_evidence",),
         detail="japanese_ways"),
    Item("n2", "bonus", ("jlpt", "bjt"), claim=claims.japanese_level("N2", with_major=False),
         params=("bjt_min",), actions=(act.jlpt("N2", 2.0),),
         evidence=("japanese_n2_evidence",), detail="japanese_ways"),
    Item("growth_field_project", "bonus", ("growth_field_project",),
         claim=claims.flag("growth_field_project"), official_list="growth_field_projects",
         actions=(act.fact_flag("growth_field_project", "job", 5.0),),
         evidence=("growth_field_evidence",)),
    Item("top_university", "bonus", ("designated", "university_criteria"),
         claim=claims.designated_university, official_list="designated_universities",
         evidence=("designated_university_evidence",), detail="criteria"),
    Item("designated_training", "bonus", ("jica", "jica_at_japanese_university"),
         claim=claims.flag("jica"), evidence=("jica_certificate",)),
    Item("investment_100m", "bonus", ("investment",), claim=claims.at_least_yen("investment"),
         params=("min_yen",), actions=(act.investment("investment_100m"),),
         evidence=("investment_evidence",), detail="amount"),
    Item("investment_management", "bonus", ("investment_management",),
         claim=claims.flag("investment_management"),
         evidence=("investment_management_registration",)),
)  # fmt: skip

# Rules that are not items: id -> kind.
RULES: dict[str, str] = {
    "thresholds": "thresholds",
    "salary_floor": "salary_floor",
    "j_skip": "j_skip",
    "permanent_residence": "permanent_residence",
    "hsp2": "hsp2",
}


@dataclass(frozen=True, eq=False)
class Registry:
    """The items, the fact columns and the other rules the engine evaluates.

    Immutable and compared by identity: a registry with a toy item is a new object, so the
    engine's compiled tables (cached per book and registry) never mix the two.
    """

    items: tuple[Item, ...] = ITEMS
    columns: tuple[ColumnGroup, ...] = COLUMNS
    rules: Mapping[str, str] = field(default_factory=lambda: dict(RULES))

    def __post_init__(self) -> None:
        ids = [i.id for i in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError(f"registry: item ids must be unique, got {ids}")
        names = [n for g in self.columns for n in g.names]
        if len(set(names)) != len(names):
            raise ValueError("registry: column names must be unique")
        for item in self.items:
            unknown = set(item.reads) - set(names)
            if unknown:
                raise ValueError(f"registry: {item.id} reads unknown columns {sorted(unknown)}")
            if (item.kind == "bonus") != (item.claim is not None):
                raise ValueError(f"registry: {item.id}: a bonus item needs a claim (only bonus)")

    @cached_property
    def row(self) -> dict[str, int]:
        """Item id -> its row in the engine's (category, item, person) arrays."""
        return {item.id: i for i, item in enumerate(self.items)}

    @cached_property
    def rule_kinds(self) -> dict[str, str]:
        return {**{i.id: i.kind for i in self.items}, **self.rules}

    @cached_property
    def column_names(self) -> tuple[str, ...]:
        return tuple(n for g in self.columns for n in g.names)

    def item(self, item_id: str) -> Item:
        return self.items[self.row[item_id]]

    def with_item(
        self, item: Item, columns: tuple[ColumnGroup, ...] = (), after: str | None = None
    ) -> Registry:
        """A new registry with ``item`` added (after ``after``, else last) and its columns."""
        items = list(self.items)
        at = len(items) if after is None else self.row[after] + 1
        items.insert(at, item)
        return Registry(tuple(items), (*self.columns, *columns), dict(self.rules))


DEFAULT = Registry()
