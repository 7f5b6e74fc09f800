package httpapi

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

// The parameters the reports share.
var (
	reportPeriod = []Param{
		{Name: "from", Type: "string", Required: true, Description: "The first day, YYYY-MM-DD, in the zone."},
		{Name: "to", Type: "string", Required: true, Description: "The last day, YYYY-MM-DD (at most 731 days after from, counting both)."},
		{Name: "zone", Type: "string", Description: "The IANA time zone days begin and end in; default the agent's own. " +
			"While a zone's figures are still being prepared the answer is in UTC and names the zone in preparing."},
	}
	reportCompare = Param{Name: "compare", Type: "boolean", Description: "Add the previous period of the same length."}
	reportFormat  = Param{Name: "format", Type: "string", Enum: []string{"json", "csv"},
		Description: "csv answers a UTF-8 CSV file with a header row (durations in seconds) instead of JSON."}
)

// reportRoutes answer the dashboard's figures, as JSON or as CSV files. Everyone may call them:
// admins and supervisors see every slice, an agent only their own figures.
func (s *Server) reportRoutes() []Route {
	ownOnly := " Agents see their own figures only: asking for another slice answers 403."
	return []Route{
		{Method: "GET", Path: "/api/v1/reports/overview", OperationID: "reportOverview", Tag: "reports",
			Summary: "The figures of a period, day by day",
			Description: "The workspace's figures, or one slice's (slice and id): totals, each day with the backlog at its end, " +
				"conversations opened and customers' messages by weekday (Monday first) and hour, and with compare the previous " +
				"period. An agent without slice gets their own figures. CSV: table=days (a row per day), heat (a row per series " +
				"and weekday, a column per hour) or summary (a row per figure, with the previous period's value)." + ownOnly,
			Query: append(append([]Param{}, reportPeriod...),
				Param{Name: "slice", Type: "string", Enum: names(switchboard.ReportSlices), Description: "Default all: the whole workspace."},
				Param{Name: "id", Type: "string", Description: "The slice's id: an agent's, inbox's or team's id, a channel kind, a label's name."},
				reportCompare, reportFormat,
				Param{Name: "table", Type: "string", Enum: []string{"days", "heat", "summary"}, Description: "With format=csv: which table (default days)."}),
			Response: typeOf[switchboard.ReportOverview](), Produces: "text/csv", handler: s.reportOverview},
		{Method: "GET", Path: "/api/v1/reports/breakdown", OperationID: "reportBreakdown", Tag: "reports",
			Summary: "A period's figures for each inbox, channel, agent, team or label",
			Description: "Every id of the slice with figures in the period (or, with compare, the previous one), named. " +
				"CSV: a row per id; with compare, each figure's previous value in a previous_ column." + ownOnly +
				" (An agent may break down by agent, and gets their own row.)",
			Query: append(append([]Param{{Name: "by", Type: "string", Required: true, Enum: names(switchboard.ReportSlices[1:])}}, reportPeriod...),
				reportCompare, reportFormat),
			Response: typeOf[switchboard.ReportBreakdown](), Produces: "text/csv", handler: s.reportBreakdown},
		{Method: "GET", Path: "/api/v1/reports/activity", OperationID: "reportActivity", Tag: "reports",
			Summary:     "Each agent's days: time online and away, conversations handled, replies, resolutions",
			Description: "A row per agent and day with any activity. CSV: the same rows. An agent gets their own days.",
			Query:       append(append([]Param{}, reportPeriod...), reportFormat),
			Response:    typeOf[switchboard.ReportActivity](), Produces: "text/csv", handler: s.reportActivity},
		{Method: "GET", Path: "/api/v1/reports/live", OperationID: "reportLive", Tag: "reports",
			Summary: "The team right now",
			Description: "Open and unassigned conversations, the ten waiting longest for a reply, and every agent's presence and " +
				"open conversations. An agent gets their own row and counts of their own open conversations. CSV: table=agents " +
				"(default) or waiting.",
			Query:    []Param{reportFormat, {Name: "table", Type: "string", Enum: []string{"agents", "waiting"}, Description: "With format=csv: which table (default agents)."}},
			Response: typeOf[switchboard.ReportLive](), Produces: "text/csv", handler: s.reportLive},
	}
}

// reportRequest reads what every report asks: the period, the zone, and how to answer.
type reportRequest struct {
	q       switchboard.ReportQuery
	csv     bool
	table   string
	by      switchboard.ReportSlice
	compare bool
}

// readReport reads the query string of a report; tables lists the CSV tables the report has,
// the default first.
func (s *Server) readReport(r *http.Request, tables ...string) (*reportRequest, error) {
	if s.Reports == nil {
		return nil, switchboard.Errorf(switchboard.EUNAVAILABLE, "This server keeps no reports.")
	}
	q := newQuery(r)
	rr := &reportRequest{q: switchboard.ReportQuery{From: q.str("from"), To: q.str("to"), Zone: q.str("zone"),
		Slice: switchboard.ReportSlice(q.str("slice")), ID: q.str("id")}, by: switchboard.ReportSlice(q.str("by"))}
	if c := q.boolean("compare"); c != nil {
		rr.q.Compare = *c
	}
	format := q.str("format")
	q.val.Check(format == "" || format == "json" || format == "csv", "format", "Choose json or csv.")
	rr.csv = format == "csv"
	rr.table = q.str("table")
	if len(tables) > 0 {
		if rr.table == "" {
			rr.table = tables[0]
		}
		ok := false
		for _, t := range tables {
			ok = ok || t == rr.table
		}
		q.val.Check(ok, "table", "Choose "+orList(tables)+".")
	}
	if err := q.err(); err != nil {
		return nil, err
	}
	return rr, nil
}

func (s *Server) reportOverview(w http.ResponseWriter, r *http.Request) error {
	rr, err := s.readReport(r, "days", "heat", "summary")
	if err != nil {
		return err
	}
	out, err := s.Reports.Overview(r.Context(), &rr.q)
	if err != nil {
		return err
	}
	if !rr.csv {
		return writeJSON(w, http.StatusOK, out)
	}
	var rows [][]string
	switch rr.table {
	case "days":
		rows = append(rows, append([]string{"day", "backlog"}, figureColumns...))
		for _, d := range out.Days {
			rows = append(rows, append([]string{d.Day, strconv.FormatInt(d.Backlog, 10)}, figureValues(&d.ReportFigures)...))
		}
	case "heat":
		head := []string{"series", "weekday"}
		for h := range 24 {
			head = append(head, "hour_"+strconv.Itoa(h))
		}
		rows = append(rows, head)
		for _, series := range []struct {
			name string
			heat *[7][24]int64
		}{{"opened", &out.HeatOpened}, {"messages_in", &out.HeatMessages}} {
			for wd, hours := range series.heat {
				row := []string{series.name, weekdays[wd]}
				for _, n := range hours {
					row = append(row, strconv.FormatInt(n, 10))
				}
				rows = append(rows, row)
			}
		}
	case "summary":
		rows = append(rows, []string{"figure", "value", "previous"})
		cur := figureValues(&out.Figures)
		var prev []string
		if out.Previous != nil {
			prev = figureValues(out.Previous)
		}
		for i, name := range figureColumns {
			p := ""
			if prev != nil {
				p = prev[i]
			}
			rows = append(rows, []string{name, cur[i], p})
		}
	}
	return writeCSV(w, reportFile("overview-"+rr.table, out.From, out.To), rows)
}

func (s *Server) reportBreakdown(w http.ResponseWriter, r *http.Request) error {
	rr, err := s.readReport(r)
	if err != nil {
		return err
	}
	if rr.by == "" {
		return invalid("Some fields are invalid.", map[string]string{"by": "Choose inbox, channel, agent, team or label."})
	}
	out, err := s.Reports.Breakdown(r.Context(), &rr.q, rr.by)
	if err != nil {
		return err
	}
	if !rr.csv {
		return writeJSON(w, http.StatusOK, out)
	}
	head := append([]string{"id", "name"}, figureColumns...)
	if rr.q.Compare {
		for _, c := range figureColumns {
			head = append(head, "previous_"+c)
		}
	}
	rows := [][]string{head}
	for _, b := range out.Rows {
		row := append([]string{csvSafe(b.ID), csvSafe(b.Name)}, figureValues(&b.Figures)...)
		if rr.q.Compare && b.Previous != nil {
			row = append(row, figureValues(b.Previous)...)
		}
		rows = append(rows, row)
	}
	return writeCSV(w, reportFile("breakdown-"+string(out.By), out.From, out.To), rows)
}

func (s *Server) reportActivity(w http.ResponseWriter, r *http.Request) error {
	rr, err := s.readReport(r)
	if err != nil {
		return err
	}
	out, err := s.Reports.Activity(r.Context(), &rr.q)
	if err != nil {
		return err
	}
	if !rr.csv {
		return writeJSON(w, http.StatusOK, out)
	}
	rows := [][]string{{"agent_id", "name", "day", "online_seconds", "away_seconds", "handled", "replies", "resolved"}}
	for _, a := range out.Rows {
		rows = append(rows, []string{strconv.FormatInt(a.AgentID, 10), csvSafe(a.Name), a.Day, itoa(a.Online), itoa(a.Away),
			itoa(a.Handled), itoa(a.Replies), itoa(a.Resolved)})
	}
	return writeCSV(w, reportFile("activity", out.From, out.To), rows)
}

func (s *Server) reportLive(w http.ResponseWriter, r *http.Request) error {
	rr, err := s.readReport(r, "agents", "waiting")
	if err != nil {
		return err
	}
	out, err := s.Reports.Live(r.Context())
	if err != nil {
		return err
	}
	if !rr.csv {
		if out.Waiting == nil {
			out.Waiting = []*switchboard.ReportWaiting{}
		}
		if out.Agents == nil {
			out.Agents = []*switchboard.ReportLiveAgent{}
		}
		return writeJSON(w, http.StatusOK, out)
	}
	var rows [][]string
	if rr.table == "waiting" {
		rows = append(rows, []string{"conversation_id", "inbox_id", "contact_name", "assignee_id", "waiting_since"})
		for _, c := range out.Waiting {
			assignee := ""
			if c.AssigneeID != nil {
				assignee = itoa(*c.AssigneeID)
			}
			rows = append(rows, []string{itoa(c.ConversationID), itoa(c.InboxID), csvSafe(c.ContactName), assignee,
				c.WaitingSince.UTC().Format(time.RFC3339)})
		}
	} else {
		rows = append(rows, []string{"agent_id", "name", "presence", "since", "open"})
		for _, a := range out.Agents {
			since := ""
			if a.Since != nil {
				since = a.Since.UTC().Format(time.RFC3339)
			}
			rows = append(rows, []string{itoa(a.AgentID), csvSafe(a.Name), string(a.Presence), since, strconv.Itoa(a.Open)})
		}
	}
	return writeCSV(w, "live-"+rr.table+"-"+out.At.UTC().Format("2006-01-02T1504Z")+".csv", rows)
}

// weekdays name the heat map's rows, Monday first as the API counts them.
var weekdays = [7]string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// figureColumns name the CSV columns of ReportFigures, in the order figureValues writes them.
var figureColumns = func() []string {
	cols := []string{"opened", "reopened", "resolved", "resolved_no_reply", "messages_in", "messages_out", "assigned",
		"handled", "transferred", "resolution_rate"}
	for _, d := range []string{"first_response", "reply", "resolution"} {
		cols = append(cols, d+"_count", d+"_median_seconds", d+"_p90_seconds",
			d+"_business_median_seconds", d+"_business_p90_seconds")
	}
	return append(cols, "sla_met", "sla_breached", "csat_sent", "csat_rated", "csat_score", "csat_response_rate",
		"online_seconds", "away_seconds")
}()

// figureValues writes a figures' values for figureColumns.
func figureValues(f *switchboard.ReportFigures) []string {
	out := []string{itoa(f.Opened), itoa(f.Reopened), itoa(f.Resolved), itoa(f.ResolvedNoReply), itoa(f.MessagesIn),
		itoa(f.MessagesOut), itoa(f.Assigned), itoa(f.Handled), itoa(f.Transferred), ftoa(f.ResolutionRate)}
	for _, d := range []switchboard.ReportDuration{f.FirstResponse, f.Reply, f.Resolution} {
		out = append(out, itoa(d.Calendar.Count), itoa(d.Calendar.Median), itoa(d.Calendar.P90),
			itoa(d.Business.Median), itoa(d.Business.P90))
	}
	return append(out, itoa(f.SLAMet), itoa(f.SLABreached), itoa(f.CSATSent), itoa(f.CSATRated), ftoa(f.CSATScore),
		ftoa(f.CSATResponse), itoa(f.Online), itoa(f.Away))
}

func itoa(n int64) string   { return strconv.FormatInt(n, 10) }
func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// reportFile names a report's CSV file after what it holds and its period.
func reportFile(what, from, to string) string {
	return "report-" + what + "-" + from + "-to-" + to + ".csv"
}

// writeCSV answers rows as a CSV file to download.
func writeCSV(w http.ResponseWriter, filename string, rows [][]string) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+strings.ReplaceAll(filename, `"`, "")+`"`)
	w.WriteHeader(http.StatusOK)
	cw := csv.NewWriter(w)
	// A failed write means the client went away; there is no one left to tell.
	_ = cw.WriteAll(rows)
	return nil
}
