"""Lints suggested policies with parliament (Duo Labs' IAM linter, PyPI) as its command line does
(findings enhanced with the severities of its configuration).

Reads {"files": {PATH: [CURRENT_DOCUMENT, ...]}} on standard input: each suggested policy's file
and the documents of the policies the user holds today. Prints, per file, the findings that fail a
suggested policy: any of severity MEDIUM or above, and any unknown action or prefix; a
RESOURCE_MISMATCH of an action that parliament finds the same way in a current document (AWS's own
AWSLambda_FullAccess grants logs:StopLiveTail on a log group) is listed apart as inherited: the
suggestion narrows what the user holds and cannot mend AWS's policy.

Prints {"parliament": VERSION, "files": {PATH: {"failing": [...], "inherited": [...]}}}.
"""

import json
import sys

import parliament
from parliament import analyze_policy_string, enhance_finding

FAILING = {"MEDIUM", "HIGH", "CRITICAL"}
UNKNOWN = {"UNKNOWN_ACTION", "UNKNOWN_PREFIX"}


def findings(text):
    return [enhance_finding(finding) for finding in analyze_policy_string(text).findings]


def mismatched_actions(finding):
    if finding.issue != "RESOURCE_MISMATCH" or not isinstance(finding.detail, list):
        return set()
    return {entry.get("action") for entry in finding.detail if isinstance(entry, dict)}


if __name__ == "__main__":
    request = json.load(sys.stdin)
    answer = {"parliament": parliament.__version__, "files": {}}
    for path, current in request["files"].items():
        held = set()
        for document in current:
            for finding in findings(document):
                held |= mismatched_actions(finding)
        with open(path, encoding="utf-8") as file:
            suggested = findings(file.read())
        failing, inherited = [], []
        for finding in suggested:
            if finding.severity not in FAILING and finding.issue not in UNKNOWN:
                continue
            entry = [finding.issue, finding.severity, str(finding.detail)]
            actions = mismatched_actions(finding)
            if actions and actions <= held:
                inherited.append(entry)
            else:
                failing.append(entry)
        answer["files"][path] = {"failing": failing, "inherited": inherited}
    print(json.dumps(answer))
