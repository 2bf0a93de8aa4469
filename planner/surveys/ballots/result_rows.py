"""The results page's long lists drawn in Python, each row by one format that escapes every
value (as ``surveys/problem_rows.py`` draws the problem cards): the table of options, the
arithmetic per option and the breakdown tables drew a thousand Jinja expressions for a ballot
of 11 options (a ``|number`` filter, a ``_()`` and attribute lookups per cell), half of the
page's time. The markup is the template's, byte for byte: values escaped as the template
escaped them, translations as markup as the template's ``_()`` gives them, lazy labels
unescaped as Jinja shows them.

What is drawn from a result (these lists, the chart's figure and its server-drawn picture)
is kept in the app's cache under the data version the result's tally is kept under (see
``counting``), with the ballot and the language: every write bumps the version, so a vote,
a confirmed protocol or an edited option shows at once."""
from dataclasses import dataclass

from flask_babel import get_locale
from markupsafe import Markup, escape

from ... import page_cache
from ...i18n import gettext, label_texts, number, request_translations
from ...svg_charts import bar_svg
from . import charts


def _text(translated):
    """A translated message as the templates' ``_()`` gives it (the translation is markup).
    Callers write ``_text(gettext("..."))`` so that ``make translations`` finds the message."""
    return Markup(translated) % {}


class ResultTables:
    """Built once per results page with ``result`` (``counting.count``) shown; each method
    returns one list's markup."""

    def __init__(self, ballot, result, village_names, dimension_labels, sex_labels):
        self.ballot = ballot
        self.result = result
        self.locale = str(get_locale())
        self.village_names = village_names
        self.dimension_labels = label_texts(dimension_labels)
        self.sex_labels = label_texts(sex_labels)
        self.split = not result.channels_hidden
        self.points = ballot.method in ("dots", "ranking")

    def _n(self, value, digits=None):
        return escape(number(value, digits, locale=self.locale))

    def option_rows(self) -> Markup:
        """The rows of the table "Result per option"."""
        n = self._n
        rank_label, option_label = _text(gettext("Rank")), _text(gettext("Option"))
        total_label = _text(gettext("Total points")) if self.points else _text(gettext("Total votes"))
        share_label = _text(gettext("Share"))
        tie = _text(gettext("tie"))
        tie = f' <span class="badge wait">{tie}</span>'
        online_label, paper_label = _text(gettext("Online")), _text(gettext("Paper"))
        parts = []
        for row in self.result.rows:
            channels = (f'<td data-label="{online_label}" class="num">{n(row.online)}</td>\n'
                        f'<td data-label="{paper_label}" class="num">{n(row.paper)}</td>' if self.split else "")
            parts.append(
                f'\n<tr>\n<td data-label="{rank_label}"><span>{escape(row.rank)}{tie if row.tied else ""}</span></td>\n'
                f'<td data-label="{option_label}">{escape(row.option.text)}</td>\n{channels}\n'
                f'<td data-label="{total_label}" class="num"><strong>{n(row.total)}</strong></td>\n'
                f'<td data-label="{share_label}" class="num">{n(row.percent, 1)} %</td>\n</tr>\n')
        return Markup("".join(parts))

    def arithmetic(self) -> Markup:
        """The items of the list that shows how each option's total and share are worked out."""
        n, ballot, result, split = self._n, self.ballot, self.result, self.split
        counted = result.turnout.ballots_counted
        parts = []
        if ballot.method == "ranking":
            points = list(ballot.points_per_rank.items())
            channels = Markup(gettext("online %(online)s + paper %(paper)s")) if split else None
            for row in result.rows:
                terms = " + ".join(f"{n(row.by_value.get(rank, 0))} × {escape(pts)}" for rank, pts in points)
                shown = (f'<span class="muted">({channels % {"online": n(row.online), "paper": n(row.paper)}})</span>'
                         if split else "")
                parts.append(f'\n<li>{escape(row.option.text)}:\n\n  {terms} = {n(row.total)}\n  {shown}\n\n</li>\n')
            return Markup("".join(parts))
        by_score = bool(result.total_score and ballot.method != "approval")
        for row in result.rows:
            total = n(row.total)
            sums = f"{n(row.online)} + {n(row.paper)} = " if split else ""
            if by_score:
                share = f"; {total} ÷ {n(result.total_score)} = {n(row.percent, 1)} %"
            elif counted:
                share = f"; {total} ÷ {n(counted)} = {n(row.percent, 1)} %"
            else:
                share = ""
            parts.append(f'\n<li>{escape(row.option.text)}:\n\n  {sums}{total}{share}\n\n</li>\n')
        return Markup("".join(parts))

    def breakdown(self, breakdown) -> Markup:
        """One breakdown's table (its ``breakdown.groups`` not empty)."""
        translations = request_translations()
        not_given = _text(gettext("not given"))
        hidden = _text(gettext("hidden"))
        label = Markup(self.dimension_labels[breakdown.dimension])
        option = _text(gettext("Option"))
        head = []
        for key, voters, scores in breakdown.groups:
            if not key:
                name = not_given
            elif breakdown.dimension == "village":
                name = escape(self.village_names.get(key, not_given))
            elif breakdown.dimension == "sex":
                text = self.sex_labels.get(key)
                name = Markup(text) if text is not None else not_given
            else:
                name = escape(key)
            count = (hidden if scores is None else
                     Markup(translations.ungettext("%(num)s voter", "%(num)s voters", voters)) % {"num": voters})
            head.append(f'<th scope="col" class="num">{name}\n<br><span class="count">{count}</span></th>')
        body = []
        for row in self.result.rows:
            option_id = row.option.id
            cells = "".join('<td class="num">—</td>' if scores is None else
                            f'<td class="num">{self._n(scores.get(option_id, 0))}</td>'
                            for _key, _voters, scores in breakdown.groups)
            body.append(f'<tr><th scope="row">{escape(row.option.text)}</th>\n{cells}</tr>')
        return Markup(
            f'<div class="table-wrap" tabindex="0" role="region" aria-label="{label}"><table>\n'
            f'<thead><tr><th scope="col">{option}</th>\n{"".join(head)}</tr></thead>\n'
            f'<tbody>\n{"".join(body)}\n</tbody></table></div>')


@dataclass(frozen=True)
class DrawnResult:
    """What the results page draws from a result shown with its figures (not ``too_few``)."""

    figure: dict | None
    chart: Markup  # the figure's server-drawn picture
    option_rows: Markup
    arithmetic: Markup
    breakdowns: tuple  # one table per breakdown of ``result.breakdowns``, "" for one without groups


def draw(ballot, result, village_names, dimension_labels, sex_labels) -> DrawnResult:
    tables = ResultTables(ballot, result, village_names, dimension_labels, sex_labels)
    figure = None
    if not result.too_few:
        figure = charts.result_bars(result, gettext("Online"), gettext("Paper"), gettext("Total"))
    return DrawnResult(
        figure=figure, chart=bar_svg(figure, _text(gettext("Result per option"))) if figure else Markup(""),
        option_rows=tables.option_rows(), arithmetic=tables.arithmetic(),
        breakdowns=tuple(tables.breakdown(b) if b.groups else Markup("") for b in result.breakdowns))


def drawn(ballot, result, village_names, dimension_labels, sex_labels) -> DrawnResult:
    """``draw(...)``, kept per ballot, data version (``result.version``) and language; drawn
    afresh when the result was counted afresh (no version). The options' and villages' names
    are in the key: the page reads them before the version, so an edit committed in between
    must not be kept under the newer version."""
    key = (ballot.id, ballot.method, tuple((o.id, o.text) for o in ballot.options), len(result.breakdowns),
           tuple(sorted(village_names.items())), str(get_locale()))
    return page_cache.kept("ballot-drawn", key, result.version,
                           lambda: draw(ballot, result, village_names, dimension_labels, sex_labels))
