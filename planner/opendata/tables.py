"""The open-data tables: each file's columns with their descriptions, and the rows, read
through ``planner.api.data`` (the same records, under the same rules, as the API). The
README is written from the same column lists, so no column goes undescribed."""
from flask_babel import lazy_gettext as _l

from ..api import data

TABLES = {
    "municipality.csv": (_l("The municipality."), [
        ("slug", _l("Short name used in addresses")), ("name", _l("Name")), ("country", _l("Country (ISO 3166 code)")),
        ("region", _l("Region")), ("district", _l("District")), ("currency", _l("Currency of all amounts (ISO 4217)")),
    ]),
    "villages.csv": (_l("Villages of the municipality."), [
        ("id", _l("Village number")), ("name", _l("Name")), ("population", _l("Population, if known")),
    ]),
    "plans.csv": (_l("Plans with their approved version in force."), [
        ("id", _l("Plan number")), ("kind", _l("sedp: socio-economic development plan; jap: joint action plan")),
        ("title", _l("Title")), ("year_from", _l("First year")), ("year_to", _l("Last year")),
        ("stage", _l("Stage of the plan")), ("approved_version", _l("Number of the approved version in force (empty if none)")),
        ("decision_number", _l("Number of the council decision that approved it")),
        ("decision_date", _l("Date of that council session")), ("total", _l("Total cost of the approved version")),
    ]),
    "activities.csv": (_l("Activities of the approved versions, with their funding by source."), [
        ("plan_id", _l("Plan number")), ("section", _l("Section (priority area)")), ("number", _l("Activity number")),
        ("description", _l("Activity")), ("villages", _l("Villages, separated by semicolons")),
        ("start", _l("Start (year-month)")), ("end", _l("End (year-month)")),
        ("funding_source", _l("Funding source")), ("amount", _l("Amount from this source")),
    ]),
    "decisions.csv": (_l("Council decisions on the plans."), [
        ("plan_id", _l("Plan number")), ("number", _l("Decision number")), ("session_date", _l("Date of the session")),
        ("outcome", _l("approved, or returned for changes")), ("votes_for", _l("Votes for")),
        ("votes_against", _l("Votes against")), ("votes_abstained", _l("Abstentions")),
    ]),
    "ballot_results.csv": (_l("Results of the priority ballots once visible. Options are left out when fewer than five ballots were counted; online and paper figures are left empty when they would single out a small group."), [
        ("ballot_id", _l("Ballot number")), ("ballot", _l("Ballot")), ("method", _l("Voting method")),
        ("closes_at", _l("Closing time (UTC)")), ("rank", _l("Rank")), ("option", _l("Option")),
        ("online", _l("Points or votes online")), ("paper", _l("Points or votes on paper")),
        ("total", _l("Total points or votes")), ("share", _l("Share, %")),
    ]),
    "priorities.csv": (_l("The priority list made from the ballots' results. No score for a ballot with fewer than five ballots counted."), [
        ("rank", _l("Rank")), ("title", _l("Priority")), ("ballot_id", _l("Ballot number")),
        ("score", _l("Total points or votes")),
    ]),
    "survey_results.csv": (_l("Answers to choice questions of surveys that publish their results, as counts; nothing for a survey with fewer than five respondents, no written answer."), [
        ("survey_id", _l("Survey number")), ("survey", _l("Survey")), ("question", _l("Question")),
        ("answer", _l("Answer")), ("count", _l("Respondents who chose it")), ("percent", _l("Share of those who answered, %")),
    ]),
    "meetings.csv": (_l("Meetings with residents, counted per year."), [
        ("year", _l("Year")), ("meetings", _l("Meetings")), ("participants", _l("Participants")),
        ("women", _l("Women among them")),
    ]),
    "monitoring_reports.csv": (_l("Approved monitoring reports."), [
        ("id", _l("Report number")), ("plan_id", _l("Plan number")), ("visit_date", _l("Date of the visit")),
        ("status", _l("Status of the activity")), ("progress", _l("Progress, %")), ("findings", _l("Findings")),
        ("problems", _l("Problems")), ("recommendations", _l("Recommendations")),
    ]),
    "budget_execution.csv": (_l("Execution of the adopted community budgets, to the last month with figures, in the scale of the year."), [
        ("year", _l("Year")), ("scale", _l("units or thousands of the currency")), ("month", _l("Figures to the end of this month")),
        ("kind", _l("revenue or expense")), ("code", _l("Budget code")), ("name", _l("Line")),
        ("annual", _l("Annual plan as revised")), ("plan_to_date", _l("Plan to date")),
        ("actual_to_date", _l("Actual to date")), ("percent", _l("Actual, percent of the plan to date")),
    ]),
}


def plan_activity_rows(plan_record):
    for section in plan_record.get("sections", []):
        for a in section["activities"]:
            for source, amount in a["funding"].items():
                yield {"plan_id": plan_record["id"], "section": section["title"], "number": a["number"],
                       "description": a["description"], "villages": "; ".join(a["villages"]), "start": a["start"],
                       "end": a["end"], "funding_source": source, "amount": amount}


def ballot_result_rows(result):
    b = result["ballot"]
    for o in result["options"]:
        yield {"ballot_id": b["id"], "ballot": b["title"], "method": b["method"], "closes_at": b["closes_at"], **o}


def rows(municipality):
    """{file name: [row dicts]} of everything public about ``municipality``."""
    out = {"municipality.csv": [data.municipality_record(municipality)],
           "villages.csv": data.municipality_record(municipality, with_villages=True)["villages"]}
    plans = [data.plan_record(p, with_activities=True) for p in data.public_plans(municipality)]
    out["plans.csv"] = [{**p, "year_from": p["years"][0], "year_to": p["years"][1],
                         "decision_number": (p["council_decision"] or {}).get("number"),
                         "decision_date": (p["council_decision"] or {}).get("session_date")} for p in plans]
    out["activities.csv"] = [r for p in plans for r in plan_activity_rows(p)]
    out["decisions.csv"] = [data.decision_list_record(d) for d in data.council_decisions(municipality)]
    results = [data.ballot_results(b) for b in data.public_ballots(municipality)]
    out["ballot_results.csv"] = [r for result in results if result for r in ballot_result_rows(result)]
    out["priorities.csv"] = data.priorities(municipality)
    out["survey_results.csv"] = []
    for survey in data.public_surveys(municipality):
        result = data.survey_results_record(survey)
        if not result or result["hidden"]:
            continue
        for q in result["questions"]:
            for row in q["rows"]:
                if "count" in row:
                    out["survey_results.csv"].append({"survey_id": survey.id, "survey": survey.title,
                                                      "question": q["text"], "answer": row["label"],
                                                      "count": row["count"], "percent": row["percent"]})
    out["meetings.csv"] = data.meeting_counts(municipality)["years"]
    out["monitoring_reports.csv"] = [data.report_record(r) for r in data.approved_reports(municipality)]
    out["budget_execution.csv"] = []
    for budget in data.adopted_budgets(municipality):
        table = data.budget_execution(municipality, budget.year)
        out["budget_execution.csv"] += [{**r, "year": table["year"], "scale": table["scale"], "month": table["month"]}
                                        for r in table["rows"]]
    return out
