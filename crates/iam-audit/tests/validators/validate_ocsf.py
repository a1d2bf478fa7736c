"""Validates iam-audit's OCSF report with py-ocsf-models (PyPI), an independent implementation of
the OCSF schema: every event must parse as a ComplianceFinding, and every key must be one the
schema defines (pydantic ignores unknown keys, so they are checked here), except the cloud
profile's `cloud`, which the model does not carry.

Usage: validate_ocsf.py REPORT.json  -> prints "<n> valid events" or fails with the reasons.
"""
import json
import sys

from pydantic import BaseModel
from py_ocsf_models.events.findings.compliance_finding import ComplianceFinding

# Attributes added by the OCSF profiles the events declare in metadata.profiles.
PROFILE_ATTRIBUTES = {"cloud": {"cloud"}}


def unknown_keys(model, value, path):
    """Keys of `value` that `model` does not define, recursively."""
    found = []
    if not isinstance(model, BaseModel) or not isinstance(value, dict):
        return found
    fields = type(model).model_fields
    for key, item in value.items():
        if key not in fields:
            found.append(f"{path}.{key}")
            continue
        attribute = getattr(model, key)
        if isinstance(attribute, BaseModel):
            found += unknown_keys(attribute, item, f"{path}.{key}")
        elif isinstance(attribute, list) and isinstance(item, list):
            for index, (element, raw) in enumerate(zip(attribute, item)):
                found += unknown_keys(element, raw, f"{path}.{key}[{index}]")
    return found


def main():
    events = json.load(open(sys.argv[1]))
    assert isinstance(events, list), "the report is a JSON array"
    problems = []
    for index, event in enumerate(events):
        profiles = set(event.get("metadata", {}).get("profiles", []))
        allowed = set().union(*(PROFILE_ATTRIBUTES.get(profile, set()) for profile in profiles))
        core = {key: value for key, value in event.items() if key not in allowed}
        try:
            model = ComplianceFinding.model_validate(core)
        except Exception as error:  # pydantic's ValidationError, with every reason
            problems.append(f"event {index}: {error}")
            continue
        problems += [f"event {index}: unknown key {key}" for key in unknown_keys(model, core, "")]
        if model.class_uid != 2003 or model.type_uid != 200301:
            problems.append(f"event {index}: not a Compliance Finding: Create")
        if model.compliance.status_id is None:
            problems.append(f"event {index}: no compliance status")
    if problems:
        sys.exit("\n".join(problems[:50]))
    print(f"{len(events)} valid events")


if __name__ == "__main__":
    main()
