"""JSON Schemas: of the applicant format (input) and of every result (the contract an API
publishes), generated from the models themselves."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from kodo.input.applicant import Applicant
from kodo.results.documents import DocumentsResult
from kodo.results.evaluation import EvaluationData
from kodo.results.salary import SalaryData
from kodo.results.timeline import Advice, Forecast, Hsp2Result, PermanentResidenceResult
from kodo.results.treatments import TreatmentsResult

RESULTS: dict[str, type] = {
    "evaluate": EvaluationData,
    "pr": PermanentResidenceResult,
    "hsp2": Hsp2Result,
    "forecast": Forecast,
    "advice": Advice,
    "treatments": TreatmentsResult,
    "documents": DocumentsResult,
    "salary": SalaryData,
}


def input_schema() -> dict[str, Any]:
    return Applicant.model_json_schema()


def result_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a result (a key of :data:`RESULTS`)."""
    schema: dict[str, Any] = TypeAdapter(RESULTS[kind]).json_schema(mode="serialization")
    return schema
