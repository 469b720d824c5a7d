package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/server/clientsetup"
)

func newInitCmd(g *globals) *cobra.Command {
	var clients []string
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Set up agent clients for the project: MCP server, hooks, and the Authorization section of CLAUDE.md and AGENTS.md",
		Long: "Write or merge each client's project files: .mcp.json, .claude/settings.json and CLAUDE.md (claude);\n" +
			".cursor/mcp.json and .cursor/hooks.json (cursor); .vscode/mcp.json (vscode); .codex/config.toml (codex);\n" +
			"AGENTS.md (cursor, vscode, codex); and the schema path in .ambient-authz.yaml.\n" +
			"Existing keys, servers, hooks, comments and text are kept; a rerun changes nothing.\n" +
			"Nothing is written unless every file merges cleanly.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			selected, err := clientsetup.ParseClients(clients)
			if err != nil {
				return err
			}
			root, err := schemas.NewRoot(g.root)
			if err != nil {
				return err
			}
			schema, err := clientsetup.SchemaPaths(root, g.schemas)
			if err != nil {
				return err
			}
			plan, err := clientsetup.NewPlan(clientsetup.Options{Root: root, Clients: selected, Schema: schema})
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			printSchema(cmd, out, root, schema)
			if dryRun {
				return printDryRun(out, plan)
			}
			if err := plan.Apply(); err != nil {
				return err
			}
			printApplied(out, plan)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&clients, "client", []string{"all"}, "clients to set up, comma-separated: claude, cursor, vscode, codex or all")
	f.BoolVar(&dryRun, "dry-run", false, "print a unified diff of every file init would change, and write nothing")
	return cmd
}

// printSchema says which schema init recorded, and whether it compiles.
func printSchema(cmd *cobra.Command, out io.Writer, root *schemas.Root, schema []string) {
	if len(schema) == 0 {
		fmt.Fprintln(out, "schema: none found yet; the Authorization section says how to add one (then rerun init)")
		return
	}
	m, err := schemas.NewStore(root, schema).Model(cmd.Context())
	if err != nil {
		first, _, _ := strings.Cut(err.Error(), "\n")
		fmt.Fprintf(out, "schema: %s (does not compile yet: %s)\n", strings.Join(schema, ", "), first)
		return
	}
	fmt.Fprintf(out, "schema: %s (%d definitions)\n", strings.Join(schema, ", "), len(m.Definitions))
}

func printDryRun(out io.Writer, plan *clientsetup.Plan) error {
	for _, c := range plan.Changes {
		fmt.Fprint(out, c.Diff())
		printNotes(out, c)
	}
	if plan.Pending() == 0 {
		fmt.Fprintln(out, "dry run: already set up, nothing would change")
		return nil
	}
	fmt.Fprintf(out, "dry run: %d of %d files would change; nothing was written\n", plan.Pending(), len(plan.Changes))
	return nil
}

func printApplied(out io.Writer, plan *clientsetup.Plan) {
	for _, c := range plan.Changes {
		fmt.Fprintf(out, "%-9s %s\n", c.Status, c.Path)
		printNotes(out, c)
	}
	if plan.Pending() == 0 {
		fmt.Fprintln(out, "already set up: nothing changed")
		return
	}
	fmt.Fprintln(out, "next: commit these files, and restart the agent with ambient-authz on its PATH (Claude Code asks once to approve the project's .mcp.json server)")
}

func printNotes(out io.Writer, c clientsetup.Change) {
	for _, n := range c.Notes {
		fmt.Fprintf(out, "  note: %s: %s\n", c.Path, n)
	}
}
