# iam-audit's English messages. Every id here exists in locales/es/iam-audit.ftl too (a test
# checks). CSV headers, JSON keys and rule ids are never translated.

## Console lines
auditing-account = Auditing account: { $name } ({ $id })
account-error = Error in account { $name }: { $reason }
total-keys = Total Access Keys found: { $count }
no-keys = No Access Keys found.
report-exported = Report exported: { $path }
events-exported = CloudTrail events report exported: { $path }
users-exported = Users report exported: { $path }
credentials-exported = SSH keys, signing certificates and service-specific credentials report exported: { $path }
errors-exported = Errors report exported: { $path }
findings-exported = Findings report exported: { $path }
root-exported = Root accounts report exported: { $path }
file-exported = File exported: { $path }
policies-exported = Suggested least-privilege policies exported ({ $count ->
        [one] 1 user
       *[other] { $count } users
    }): { $path }
audit-incomplete = Audit incomplete: { $failures ->
        [one] 1 read
       *[other] { $failures } reads
    } failed in { $accounts ->
        [one] 1 account
       *[other] { $accounts } accounts
    }; what is missing is listed in the errors report (exit code 2).
account-skipped = Account skipped: { $name } ({ $id }, { $state }): { $reason }
skip-not-active = not ACTIVE
skip-excluded = excluded by --exclude-accounts
skip-not-selected = not in --accounts
compliance-line = { $framework }: { $pass } pass, { $fail } fail, { $unknown } unknown, { $not_assessed } not assessed
findings-summary = Findings: { $list } ({ $suppressed } suppressed)
most-critical = Accounts with the most critical findings: { $list }
fix-first-heading = Fix first (risk = severity × privilege × exposure; privilege from identity-based policies only):
fix-first-root = root user
fix-first-line = { $rank }. risk { $risk }: { $account } / { $subject } ({ $privilege }): { $rule } { $severity }, { $title }
fail-on = { $count } unsuppressed { $count ->
        [one] finding
       *[other] findings
    } at or above { $severity } (--fail-on): exit code 1.
overdue-summary = overdue: { $list }
fail-on-overdue = { $count } overdue { $count ->
        [one] finding
       *[other] findings
    } at or above { $severity } (--fail-on-overdue): exit code 1.

## Severities
severity-critical = critical
severity-high = high
severity-medium = medium
severity-low = low
severity-info = info

## What to do about a failed read
advice-assume-role-denied = deploy the role in the account or fix its trust policy (iam-audit doctor checks it)
advice-access-denied = grant this read action to the audit role and check SCPs (iam-audit policy lists it)
advice-throttling = AWS throttled the calls; run again with a lower --iam-rate / --cloudtrail-rate
advice-invalid-credentials = refresh the credentials (aws sso login) and run again
advice-unreachable = check the network, proxy and AWS_ENDPOINT_URL
advice-timeout = the service did not answer in time; run again
advice-service-unavailable = AWS service error; run again later
advice-malformed-response = unreadable answer; run again and report it if it persists
advice-other = see AWS's message

## Report cell words (the original tool's MFA words and N/A are the same in both languages)
word-configured = Configured
word-not-configured = Not configured
word-never = Never
word-never-used = Never used
word-unknown = Unknown
word-no-events = No events

## doctor
doctor-summary = { $checks } { $checks ->
        [one] check
       *[other] checks
    }: { $passed } passed, { $warnings } { $warnings ->
        [one] warning
       *[other] warnings
    }, { $failed } failed.
doctor-fix = fix: { $remediation }

## HTML dashboard
html-title = IAM credential audit
html-caller = run by
html-generated = finished
html-complete = Complete
html-incomplete = Incomplete
html-failed = Failed
html-accounts-audited = Accounts audited
html-accounts-incomplete = Accounts incomplete
html-users = users
html-keys = keys
html-keys-active-total = Active / all keys
html-charts = Overview
html-chart-key-age = Active key age (days)
html-chart-last-use = Days since a key was last used
html-chart-by-account = Findings by severity per account
html-never = never
html-findings = Findings
html-filter-placeholder = Filter findings…
html-minimum-severity = Minimum severity
html-all-severities = All severities
html-show-suppressed = Show suppressed
html-all-ous = All OUs
html-all-owners = All owners
html-no-owner = (no owner)
html-overdue = overdue
html-overdue-only = Overdue only
html-due = due
html-trend = Trend (last 26 runs)
html-trend-explained = Unsuppressed findings per run by severity; a hollow point is a run that could not read everything, so a dip there is not progress.
html-suppressed = Suppressed
html-severity-column = Severity
html-rule = Rule
html-account = Account
html-accounts = Accounts
html-resource = Resource
html-finding-title = Finding
html-evidence = Evidence
html-remediation = Remediation
html-user = User
html-access-key = Access key
html-status = Status
html-age-days = Age (days)
html-last-used = Last used
html-password = Password
html-timeline = IAM lifecycle events (CloudTrail)
html-time = Time
html-event = Event
html-resources = Resources
html-source = Source
html-footer = read-only audit; this file loads nothing from the network
html-since = Since { $date }
html-new = New
html-resolved = Resolved
html-open = Still open
html-root-user = root user
html-unknown = Not judged (could not be read this time)
html-settings-changed = Gone with changed thresholds (not resolved)
html-changes = Credential and account changes
html-first-seen = First seen
html-change = Change
html-detail = Detail
html-since-none = Nothing changed since the baseline.
html-fix-first = Fix first
html-fix-first-explained = The ten riskiest credentials, each at its riskiest finding. Risk (0–100) = severity × the privilege of the credential's user × its exposure (active, age, time unused, MFA). Privilege is judged from identity-based policies only: service control policies, resource-based policies and session policies are not evaluated.
html-fix-first-none = Nothing to fix.
html-risk = Risk
html-privilege = Privilege
html-compliance = Compliance
html-compliance-explained = Every control of each framework in every account. PASS: read, and nothing fails it. FAIL: a finding fails it (linked). UNKNOWN: what it needs could not be read — never a pass. NOT ASSESSED: outside this tool (hover for why). Controls of the organization are judged once, on the management account.
html-status-pass = PASS
html-status-fail = FAIL
html-status-unknown = UNKNOWN
html-status-not-assessed = NOT ASSESSED
html-other-credentials = SSH keys, signing certificates and service-specific credentials
html-kind = Kind
html-expires = Expires
html-service = Service
html-password-policies = Password policies
html-usage = What each credential really uses
html-usage-explained = Services granted by the identity-based policies against those used within the usage window (IAM's service last accessed reports); a suggested policy allows only what was used, never more than the user holds.
html-services-granted = Services granted
html-services-used = Services used
html-last-activity = Last activity
html-suggested-policy = Suggested policy
html-policy-status = Policy
html-minimum-length = Minimum length
html-character-classes = Required characters
html-reuse-prevention = Reuse prevented
html-max-age = Maximum age (days)
html-policy-set = set
html-policy-not-set = none set (IAM's defaults apply)

## Rule titles and remediations
rule-key003-title = Active access key never used
rule-key003-remediation = Deactivate the key: nothing has ever used it. Delete it 30 days later if nothing broke.
rule-drf001-title = The audit role has drifted from what it should be
rule-drf001-remediation = Restore the role (repair the landing zone, or redeploy iam-audit policy's template) and find in CloudTrail who changed it.
rule-pol001-title = Customer managed policy granting full administrative privileges is attached
rule-pol001-remediation = Replace it with a least-privilege policy (or AWS's AdministratorAccess where full access is reviewed as such), then detach and delete it.
rule-pol002-title = User has policies of their own instead of permissions through groups
rule-pol002-remediation = Grant the permissions through a group and remove the user's own policies.
rule-prv001-title = Administrator without MFA
rule-prv001-remediation = Register a FIDO security key for the administrator, and require MFA in their policies.
rule-prv002-title = Administrator (or user who can become one) holds an active access key
rule-prv002-remediation = Deactivate the key now and delete it once nothing breaks; give automation a role instead.
rule-prv003-title = User can escalate to administrator
rule-prv003-remediation = Remove the escalation actions (or scope them), or cap the user with a permissions boundary.
rule-bdr001-title = Amazon Bedrock API key never expires or lives longer than 90 days
rule-bdr001-remediation = Move the client to short-term Bedrock API keys or a role, then delete the key; a long-term key that must stay is recreated with an expiry of 30 days or less.
rule-bdr002-title = Expired Amazon Bedrock API key not removed
rule-bdr002-remediation = Delete the expired key.
rule-crt001-title = Active signing certificate not rotated in 90 days
rule-crt001-remediation = Delete the certificate if nothing uses it (the usual case), or replace it with a new one.
rule-crt002-title = Signing certificate past its expiry but still active
rule-crt002-remediation = Delete the certificate: it expired and nobody replaced it.
rule-key006-title = Console user's access key never used (set up with the user)
rule-key006-remediation = Deactivate the key (nothing has used it) and delete it 30 days later; give the person IAM Identity Center or short-term CLI credentials instead.
rule-mfa001-title = User's MFA devices are all virtual
rule-mfa001-remediation = Register a FIDO security key for the user (phishing-resistant), then remove the virtual device if no longer wanted.
rule-org001-title = Organization does not manage root credentials centrally
rule-org001-remediation = Enable central root access management (IAM) from the management account, then remove the members' root credentials.
rule-pwp001-title = No password policy set
rule-pwp001-remediation = Set a password policy: at least 14 characters, every character class, reuse of the last 24 passwords forbidden.
rule-pwp002-title = Password policy allows passwords shorter than 14 characters
rule-pwp002-remediation = Set the policy's minimum length to 14 or more.
rule-pwp003-title = Password policy allows reusing recent passwords
rule-pwp003-remediation = Set the policy to forbid reusing the last 24 passwords.
rule-pwp004-title = Password policy does not meet Security Hub IAM.7
rule-pwp004-remediation = Require uppercase, lowercase, numbers and symbols, and at least 8 characters.
rule-root005-title = Root user has a signing certificate
rule-root005-remediation = Delete the root user's signing certificates (as root, or centrally from the management account with sts:AssumeRoot).
rule-ssc001-title = Active service-specific credential not rotated in 90 days
rule-ssc001-remediation = Reset the credential (a new password for the same id) and update its clients, or delete it if nothing uses it.
rule-ssh001-title = Active SSH public key not rotated in 90 days
rule-ssh001-remediation = Upload a new SSH key, move the clients to it, and delete the old one.
rule-key001-title = Active access key not rotated in 90 days
rule-key001-remediation = Create a new key, move the workload to it, then deactivate and delete this one.
rule-key002-title = Active access key unused for 45 days or more
rule-key002-remediation = Deactivate the key; delete it once nothing breaks.
rule-aud001-title = Audit incomplete: an API could not be read
rule-aud001-remediation = Give the audit role the read permission it lacks (or fix the cause in the message) and run the audit again.
rule-pwd002-title = Console password unused for 45 days or more
rule-pwd002-remediation = Remove the console password; create it again if the user comes back.
rule-pwd001-title = Console password without MFA
rule-pwd001-remediation = Assign an MFA device to the user, or remove the console password if it is not needed.
rule-key005-title = Inactive access key still present after 90 days
rule-key005-remediation = Delete the inactive key.
rule-key004-title = User has more than one active access key
rule-key004-remediation = Keep one active key: deactivate the older one once rotation is finished.
rule-root001-title = Root user has access keys
rule-root001-remediation = Delete the root user's access keys (as root, or centrally from the management account with sts:AssumeRoot).
rule-root002-title = Root user has no MFA
rule-root002-remediation = Assign an MFA device to the root user, or remove root credentials with central root access management.
rule-root003-title = Root user's MFA is virtual, not hardware
rule-root003-remediation = Replace the root user's virtual MFA with a hardware or FIDO security key.
rule-root004-title = Root user signed in or used an access key recently
rule-root004-remediation = Find out who signed in as root and why; use IAM roles for daily work.
rule-sup001-title = A suppression has expired
rule-sup001-remediation = Renew the suppression's expiry with a fresh justification, or delete it.
rule-use001-title = Credentialed user granted services it did not use in the usage window
rule-use001-remediation = Review the suggested policy written for the user (only what it used, never more than it holds), attach it, detach the broad policies, and keep them for a rollback.
rule-use002-title = Credentialed user used no service in the usage window
rule-use002-remediation = Deactivate the user's access keys and remove its console password; delete the user once nothing breaks.

## Command-line and configuration errors
usage-output-dir = --output-dir { $path }: { $error }; choose a folder you can write to
usage-account-id = { $flag }: `{ $value }` is not an AWS account id (12 digits, e.g. 123456789012)
usage-iam-name = { $flag }: `{ $value }` is not valid: use letters, digits or +=,.@_-, { $min } to { $max } long
usage-external-id = --external-id: use 2–1224 letters, digits or +=,.@:/_-
usage-region = --region: `{ $value }` is not a region name (e.g. us-east-1)
usage-rate = { $flag } { $value }: use a number of requests per second above 0 (0 for unlimited)
usage-profile = --profile { $profile }: no such profile in { $files } ({ $known }); create it with `aws configure sso --profile { $profile }` or pick a known one
usage-profiles-none = no profiles are defined
usage-profiles-known = known profiles: { $names }
usage-config-invalid = --config { $error }
usage-route-environment = --config: a route sends to slack:env:{ $variable }, but the environment variable { $variable } is not set
usage-trend-unreadable = trend { $location }: { $error }
usage-fail-on = --fail-on { $value }: use critical, high, medium, low or info
usage-compliance-unknown = --compliance { $value }: no such framework; use { $known }
usage-s3-uri = `{ $value }` is not an S3 location: use s3://BUCKET/PREFIX (bucket: 3–63 lowercase letters, digits, dots, dashes)
usage-notify = --notify { $value }: use `slack` or `sns:arn:aws:sns:REGION:ACCOUNT:TOPIC`
usage-webhook-missing = --notify slack needs the webhook's URL: set { $variable } or pass --slack-webhook-secret ARN (never the URL on the command line)
usage-webhook-invalid = { $variable } is not an https:// webhook URL
usage-presign-needs-s3 = --presign-hours needs --output-dir s3://BUCKET/PREFIX
usage-kms-needs-s3 = --s3-kms-key needs --output-dir s3://BUCKET/PREFIX
usage-demo-local = the demo writes its reports locally: give a folder as --output-dir
usage-report-missing = { $input } { $path }: no such file
usage-input-unreadable = { $input } { $path }: cannot read it: { $error }
usage-input-not-utf8 = { $input } { $path }: not UTF-8 text (invalid byte after { $offset })
usage-report-invalid = { $input }: { $error }
usage-incomparable = { $input }: { $error }; pass --allow-other-organization to compare them anyway
baseline-unreadable = iam-audit: the baseline could not be read: { $error }; the reports are written without a comparison (exit code 5)
usage-diff-auto = diff compares two reports: give each as a file or an s3:// URI (`auto` is for --baseline)
usage-shard = --shard { $value }: use K/N with 1 ≤ K ≤ N ≤ 1000 (for example 2/3)
usage-shard-alone = a shard's report is merged before it is compared or sent: give --baseline and --notify to `iam-audit merge`
usage-merge = merge: { $error }
usage-unknown-rule = no rule `{ $rule }`; known rules: { $known } (iam-audit rules lists them)

## Fatal errors
fatal-line = iam-audit: { $error } — { $advice }. No report was written.
fatal-no-credentials = no AWS credentials were found (environment variables, --profile or AWS_PROFILE, IAM Identity Center, instance metadata)
fatal-advice-no-credentials = pass --profile NAME (after `aws sso login --profile NAME` for IAM Identity Center) or set AWS_PROFILE, then run again
fatal-sso-expired = the IAM Identity Center (SSO) session of profile { $profile } has expired
fatal-advice-sso-expired = run `aws sso login --profile { $profile }`, then run again
fatal-advice-credentials = AWS rejected the credentials: sign in again (aws sso login --profile { $profile }) or check the profile's keys, then run again
fatal-advice-access-denied = run from the management account or a delegated administrator, with organizations:ListAccounts allowed
fatal-region-not-found = the STS endpoint of region `{ $region }` could not be found (no such region, or no network)
fatal-advice-region = check --region (for example us-east-1), the network and proxy settings
fatal-advice-unreachable = check the network, proxy settings and the endpoint ({ $endpoint }; AWS_ENDPOINT_URL sets it)
fatal-advice-other = run again later
fatal-doctor = iam-audit doctor: { $error } — sign in (aws sso login --profile NAME) or pass --profile, then run again.
standalone-account = Account { $account } is not in an AWS Organization: auditing it alone, with the caller's credentials
interrupted = iam-audit: interrupted; writing what was read, marked incomplete (again to quit now)

## doctor's checks
doctor-value = { $value }
doctor-call-failed = { $action } failed: { $error }
doctor-call-failed-in = { $action } failed in { $region }: { $error }
doctor-caller-management = the caller is in the management account
doctor-caller-delegated = the caller is a delegated administrator (management account { $management })
doctor-caller-member = the caller is a member account (management account { $management })
doctor-landing-zone = landing zone { $arn }
doctor-no-landing-zone = no Control Tower landing zone: AWSControlTowerExecution exists only where Control Tower made it
doctor-admin-role = AWSControlTowerExecution has AdministratorAccess: far more than an audit needs
doctor-own-account = the caller's own account: read with the caller's credentials
doctor-assumed = assumed { $role }
doctor-iam-works-no-user = iam:ListUsers works; no user to try iam:GetLoginProfile on
doctor-iam-works-password = iam:ListUsers works; iam:GetLoginProfile on { $user }: a console password
doctor-iam-works-no-password = iam:ListUsers works; iam:GetLoginProfile on { $user }: no console password
doctor-credentials-work = iam:GetAccountPasswordPolicy, iam:ListServiceSpecificCredentials (all users) work; iam:ListSSHPublicKeys and iam:ListSigningCertificates on { $user } work
doctor-credentials-work-no-user = iam:GetAccountPasswordPolicy and iam:ListServiceSpecificCredentials (all users) work; no user to try iam:ListSSHPublicKeys and iam:ListSigningCertificates on
doctor-last-accessed-works = iam:GenerateServiceLastAccessedDetails and iam:GetServiceLastAccessedDetails work on { $user }
doctor-last-accessed-no-user = no user to try iam:GenerateServiceLastAccessedDetails on
doctor-audit-role-as-expected = { $role } is what it should be (its permissions and trust policy)
doctor-audit-role-drift = { $role } has drifted: { $problems }
doctor-fix-audit-role-drift = Restore the role (Control Tower: repair the landing zone or re-register the OU; a custom role: redeploy `iam-audit policy`'s template), then find who changed it in CloudTrail.
doctor-cloudtrail-works = cloudtrail:LookupEvents works in { $region }
doctor-fix-describe-organization = run from an account of the organization, with organizations:DescribeOrganization allowed
doctor-fix-list-accounts = run from the management account or a delegated administrator for Organizations
doctor-fix-no-landing-zone = deploy a custom audit role to every account: iam-audit policy --format cloudformation (a StackSet template)
doctor-fix-landing-zones-denied = allow controltower:ListLandingZones to check; without Control Tower, deploy a custom audit role (iam-audit policy)
doctor-fix-admin-role = deploy the least-privilege audit role that `iam-audit policy` generates and run with --role <its name>
doctor-fix-assume-denied = the role is missing, the account is not enrolled in Control Tower, or the role's trust policy does not trust { $caller }: enroll the account (Control Tower console) or deploy the audit role (iam-audit policy --format cloudformation), then check its trust policy
doctor-fix-denied-action = an SCP or a missing permission denies { $action } after a successful AssumeRole: grant it to the role (iam-audit policy lists every action) and check the SCPs attached to the account and its OUs
doctor-fix-cloudtrail-unavailable = CloudTrail is unavailable in { $region }: confirm CloudTrail is enabled there, or pass the region it is in with --region
doctor-fix-generic = see the message; run again

## Progress bar
progress = keys { $keys } · errors { $errors }

## Run-to-run comparison and notifications
since-line = since { $date }: { $new } new ({ $critical } critical), { $resolved } resolved
since-unknown = , { $unknown } not judged (their account or API could not be read)
since-settings-changed = , { $changed } gone with changed thresholds (not counted as resolved)
notify-title = IAM credential audit: { $organization }
notify-subject = { $title }: { $critical } critical, { $high } high findings
notify-accounts = *Accounts audited:* { $audited } · *not fully read:* { $incomplete }
notify-incomplete = Not fully read: { $accounts }
notify-organization-gap = the organization's account list
notify-complete = Every account was read.
notify-findings = *Findings:* { $counts }
notify-top-new = Top new critical and high findings
notify-top = Top critical and high findings
notify-route-title = IAM credential audit: { $organization }, { $route }
notify-route-top-new = New findings for this route
notify-route-top = Findings for this route
notify-overdue = overdue
notify-button = Open the report
delivery-kept = iam-audit: a delivery failed (above); every report is kept in { $folder } (exit code 4)
delivery-failed = iam-audit: a delivery failed (above); the reports are in the output folder (exit code 4)
diff-counts = { $open } still open, { $changes } credential and account { $changes ->
        [one] change
       *[other] changes
    }
fail-on-new = { $count } new unsuppressed { $count ->
        [one] finding
       *[other] findings
    } at or above { $severity } since the baseline (--fail-on-new): exit code 1.
drift-missing = the role { $role } does not exist
drift-administrator-access-missing = AdministratorAccess is not attached
drift-also-attached = { $policy } is also attached
drift-cannot-call = cannot call { $actions }
drift-allows-more = allows { $permission } beyond the audit's actions
drift-also-trusts = also trusts { $principal }
drift-not-trusted = does not trust the audit's account { $account }
drift-no-external-id = its trust policy does not require the external id
drift-unreadable = could not be read: { $policy }
doctor-column-check = CHECK
doctor-column-subject = SUBJECT
doctor-column-verdict = VERDICT
doctor-column-detail = DETAIL
doctor-verdict-pass = PASS
doctor-verdict-warn = WARN
doctor-verdict-fail = FAIL
reason-not-audited = account { $account } was not audited in the newer run
reason-listing-incomplete = the newer run's account list is incomplete and does not include { $account }
reason-left-organization = account { $account } is no longer in the organization's account list
reason-account-unreadable = account { $account } could not be read in the newer run
reason-api-failed = { $api } failed in the newer run
reason-api-failed-for = { $api } failed for { $resource } in the newer run
reason-no-cloudtrail = CloudTrail was not read in the newer run (--no-cloudtrail)
reason-shorter-cloudtrail = the newer run read { $after } days of CloudTrail, the older { $before }
reason-no-last-accessed = service last accessed reports were not read in the newer run (--last-accessed off)
reason-usage-window-changed = the newer run judged usage over { $after } days, the older over { $before }
change-replaces = replaces { $key }
merge-empty = no shard to merge
merge-mixed-counts = shard { $shard } does not belong to a split into { $count }
merge-repeated = shard { $shard } is given twice
merge-missing = shards { $shards } are missing: every shard of the split must be merged (a failed one too)
merge-foreign = shard { $shard } is of another organization or caller than shard 1
merge-duplicate = account { $account } is in two shards
merge-unidentified = shard { $shard } does not record its run id and options: collect every shard again with this iam-audit and one --run-id
merge-mixed-runs = shard { $shard } belongs to run { $found }, not to run { $expected } ({ $reference }): merge the shards of one run
merge-mixed-options = shard { $shard } was collected with { $option } { $found }, shard { $reference } with { $expected }: every shard of a run must be collected with the same options
usage-not-a-shard = merge: SHARD.json { $path } is not a shard's JSON report: { $reason }
not-a-shard-option = no run.options.shard (it was not made with --shard K/N)
not-a-shard-run = no `collected` run
since-across-organizations = (across organizations: { $crossing })
audit-interrupted = Audit interrupted: the reports hold what was read and say they are incomplete ({ $failures ->
        [one] 1 read
       *[other] { $failures } reads
    } failed or not made; exit code 130).
usage-webhook-secret = --slack-webhook-secret { $value }: not a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)
doctor-account-resources-work = server certificates and the home region's IAM Access Analyzer analyzers can be read
rule-srv001-title = Expired SSL/TLS certificate stored in IAM
rule-srv001-remediation = Check that nothing uses the certificate, then delete it from IAM.
rule-pol003-title = AWSCloudShellFullAccess attached to an identity
rule-pol003-remediation = Detach AWSCloudShellFullAccess; grant a narrower CloudShell policy where one is needed.
rule-pol004-title = No role for incidents with AWS Support (AWSSupportAccess)
rule-pol004-remediation = Create a role trusted by your incident responders and attach AWSSupportAccess to it.
rule-pol005-title = Role's trust policy lets anyone assume it
rule-pol005-remediation = Name the accounts or roles that may assume the role, or add a condition on your organization.
rule-aan001-title = No IAM Access Analyzer external access analyzer in the home region
rule-aan001-remediation = Create an external access analyzer (type ACCOUNT, or ORGANIZATION from the management account).
rule-exp001-title = Access key of a user AWS quarantined (the key was exposed publicly)
rule-exp001-remediation = AWS found this user's key exposed and attached a quarantine policy: deactivate the key now, create a new one for what needs it, find out what the exposed key did (CloudTrail), and detach the policy only then.
rule-exp002-title = Access key named by a secret scanner (leaked)
rule-exp002-remediation = In this order: deactivate the key now, then rotate it (a new key for what needs it) and investigate what it did.
rule-exp003-title = Active access key used from outside the expected networks
rule-exp003-remediation = Find out who used the key from these addresses (the command lists its events): if it was not you, deactivate it now and rotate it; if it was, add the network to [exposure] expected_networks.
remediation-key-deactivate-never = Deactivate the key: nothing has ever used it. Delete it after { $days ->
        [one] 1 day
       *[other] { $days } days
    } if nothing broke.
remediation-key-deactivate-unused = Deactivate the key: nothing has used it since { $since }. Delete it after { $days ->
        [one] 1 day
       *[other] { $days } days
    } if nothing broke.
remediation-key-rotate-seen = Rotate the key where it is used: create a new one, update what calls from { $addresses } with { $clients } ({ $events ->
        [one] 1 event
       *[other] { $events } events
    } in CloudTrail), then deactivate and delete this one.
remediation-key-rotate = Rotate the key where it is used: create a new one, update what uses it (last used for { $service } in { $region } on { $date }), then deactivate and delete this one.
advice-key-deactivate-never = deactivate it (never used)
advice-key-deactivate-unused = deactivate it (unused since { $since })
advice-key-rotate-seen = rotate it (used from { $addresses } with { $clients })
advice-key-rotate = rotate it (last used { $date }, { $service } in { $region })
advice-key-leaked = deactivate it now, then rotate and investigate
advice-key-investigate = investigate who used it; deactivate it if it was not you
fix-first-line-advice = { $line } → { $advice }
reason-no-key-activity = key activity was not read in the newer run (--key-activity-pages 0 or --no-cloudtrail)
reason-fewer-key-activity-pages = the newer run read { $after } pages of each key's activity, the older { $before }
reason-no-exposed-keys = no scanner file was read in the newer run (--exposed-keys)
reason-key-not-named = the newer run's scanner files do not name { $key }
usage-exposed-keys-invalid = --exposed-keys { $error }
usage-exposed-keys-s3 = --exposed-keys { $path }: s3:// URIs are read only in a Lambda event (`exposed_keys`); give a local file
usage-exposed-keys-too-large = --exposed-keys { $path }: { $size } bytes; a scanner file is read whole, up to { $limit } bytes
usage-exposed-keys-twice = --exposed-keys { $path }: given twice
exposed-keys-read = Scanner file { $path } ({ $format }): { $ids ->
        [one] 1 key id
       *[other] { $ids } key ids
    }, { $dropped ->
        [one] 1 entry
       *[other] { $dropped } entries
    } dropped (not AWS key ids: secrets, other detectors)
html-exposed-keys = Leaked key ids (secret scanners)
html-exposed-keys-explained = Every key id the scanner files named, placed in the organization. Only key ids are read from those files: secrets in them are never stored or shown.
html-activity = Used from (CloudTrail)
html-activity-scope = Key activity: management events of the CloudTrail window, in each key's last-used region (LookupEvents by AccessKeyId, within the page budget). Data events (S3 object reads) and other regions are not seen.
html-activity-partial = more not read
html-found-in = Found in
