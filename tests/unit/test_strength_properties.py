"""Properties of the pure score: what must hold for any history, not just the examples we thought of."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from netui.core import settings, strength
from netui.core.vocab import INTERACTION_KINDS

NOW = dt.datetime(2026, 11, 21, 10, 0)
DEFAULT = settings.Settings()

moments = st.integers(min_value=0, max_value=3 * 365 * 86400).map(lambda s: NOW - dt.timedelta(seconds=s))
interaction = st.tuples(st.sampled_from(INTERACTION_KINDS + ("unknown-kind",)), moments)
give = st.tuples(st.sampled_from(("given", "received", "idea")), moments.map(lambda m: m.date()))
histories = st.lists(interaction, max_size=15)
give_lists = st.lists(give, max_size=6)
configs = st.builds(
    lambda half, w: settings.Settings(
        half_life_days=half, weights={kind: w[i] for i, kind in enumerate(INTERACTION_KINDS + ("give",))}
    ),
    st.floats(min_value=1, max_value=720),
    st.lists(st.integers(min_value=0, max_value=50), min_size=8, max_size=8),
)
examples = hsettings(max_examples=200, deadline=None)


@examples
@given(histories, give_lists, interaction, configs)
def test_adding_an_interaction_never_lowers_the_score(rows, gives, extra, cfg):
    before = strength.score_of(rows, gives, NOW, cfg).score
    assert strength.score_of(rows + [extra], gives, NOW, cfg).score >= before


@examples
@given(histories, give_lists, give, configs)
def test_adding_a_favour_never_lowers_the_score(rows, gives, extra, cfg):
    before = strength.score_of(rows, gives, NOW, cfg).score
    assert strength.score_of(rows, gives + [extra], NOW, cfg).score >= before


@examples
@given(histories, give_lists, st.integers(min_value=0, max_value=2000), configs)
def test_time_passing_without_interactions_never_raises_the_score(rows, gives, days, cfg):
    now = strength.score_of(rows, gives, NOW, cfg).score
    later = strength.score_of(rows, gives, NOW + dt.timedelta(days=days), cfg).score
    assert later <= now


@examples
@given(histories, give_lists, moments)
def test_an_in_person_meeting_counts_more_than_a_message_the_same_day(rows, gives, when):
    met = strength.score_of(rows + [("in-person", when)], gives, NOW, DEFAULT)
    texted = strength.score_of(rows + [("message", when)], gives, NOW, DEFAULT)
    assert met.score >= texted.score
    if (NOW - when).days <= 365:
        alone_met = strength.score_of([("in-person", when)], [], NOW, DEFAULT).score
        alone_texted = strength.score_of([("message", when)], [], NOW, DEFAULT).score
        assert alone_met > alone_texted


@examples
@given(histories, give_lists, configs)
def test_the_explanation_adds_up_to_the_score(rows, gives, cfg):
    s = strength.score_of(rows, gives, NOW, cfg)
    assert 0 <= s.score <= 100
    assert sum(p.points for p in s.parts) == s.score
    assert all(p.points >= 0 for p in s.parts)
    assert s.tier == strength.tier_for(s.score, cfg)
    assert s.factors[: len(s.parts)] == [f"{p.label} (+{p.points})" for p in s.parts]
    assert len(s.factors) == len(s.parts) + 1  # plus the last contact line


@examples
@given(histories, give_lists)
def test_the_order_of_rows_does_not_matter(rows, gives):
    forward = strength.score_of(rows, gives, NOW, DEFAULT)
    backward = strength.score_of(rows[::-1], gives[::-1], NOW, DEFAULT)
    assert forward == backward
