// Package rollcall is the domain of Rollcall: the platform a national cyber
// security centre uses to send security alerts to the organisations it
// serves, make every one of them answer within the deadline, and see who has
// acted and who has not.
//
// An [Alert] is published to a [Target] of [Organisation]s. Each targeted
// organisation owes a [Response] with two clocks — acknowledge, then
// remediate — set by the [Policy] for the alert's [Severity]. The state of a
// response ([State]) follows from its answers and its clocks, and is computed
// in one place ([StateOf]); pages, the API and every figure use it. An overdue
// response climbs an escalation ladder ([EscalationLevel]): the responder, the
// organisation's data-security lead, the regional coordinator, the centre.
//
// Who may see and change what is decided from the caller's [Actor] and its
// [Scope]. This package imports nothing from storage or HTTP: those live at
// the edges (sqlstore, server), and the service package joins them.
package rollcall
