package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/tools"
)

func newSchemaCmd(g *globals) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Show, explain and lint the project's SpiceDB schema",
	}
	cmd.PersistentFlags().StringVar(&format, "format", "text", "output format: text or json")
	cmd.AddCommand(
		&cobra.Command{
			Use:   "show [definition]",
			Short: "Show every definition compactly, or one in full",
			Args:  cobra.MaximumNArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				m, err := loadModel(cmd, g)
				if err != nil {
					return err
				}
				if len(args) == 0 {
					v := tools.ViewSchema(m, false)
					return emit(cmd.OutOrStdout(), format, v, tools.FormatSchema(v))
				}
				def, err := m.Lookup(args[0])
				if err != nil {
					return err
				}
				v := tools.ViewSchema(m, true)
				for _, d := range v.Definitions {
					if d.Name == def.Name {
						return emit(cmd.OutOrStdout(), format, d, tools.FormatDefinition(d))
					}
				}
				return nil
			},
		},
		&cobra.Command{
			Use:   "explain RESOURCE PERMISSION | RESOURCE#PERMISSION",
			Short: "List every grant path of a permission",
			Args:  cobra.RangeArgs(1, 2),
			RunE: func(cmd *cobra.Command, args []string) error {
				resource, permission, err := splitPermission(args)
				if err != nil {
					return err
				}
				m, err := loadModel(cmd, g)
				if err != nil {
					return err
				}
				ex, err := m.Explain(resource, permission)
				if err != nil {
					return err
				}
				return emit(cmd.OutOrStdout(), format, ex, tools.FormatExplanation(ex))
			},
		},
		&cobra.Command{
			Use:   "lint",
			Short: "Compile the schema and report spicedb warnings and lint findings; exits 1 on errors",
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				store, err := g.store()
				if err != nil {
					return err
				}
				r, err := tools.Validate(cmd.Context(), store, "")
				if err != nil {
					return err
				}
				if err := emit(cmd.OutOrStdout(), format, r, tools.FormatValidation(r)); err != nil {
					return err
				}
				if !r.Valid {
					return exitCode(1)
				}
				return nil
			},
		},
	)
	return cmd
}

func loadModel(cmd *cobra.Command, g *globals) (*schemas.Model, error) {
	store, err := g.store()
	if err != nil {
		return nil, err
	}
	return store.Model(cmd.Context())
}

func splitPermission(args []string) (string, string, error) {
	if len(args) == 2 {
		return args[0], args[1], nil
	}
	if res, perm, ok := strings.Cut(args[0], "#"); ok && res != "" && perm != "" {
		return res, perm, nil
	}
	return "", "", fmt.Errorf("expected RESOURCE PERMISSION or RESOURCE#PERMISSION, e.g. `document view`")
}

// emit writes v as indented JSON, or text.
func emit(w io.Writer, format string, v any, text string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	case "text":
		_, err := fmt.Fprintln(w, text)
		return err
	}
	return fmt.Errorf("--format %q: use text or json", format)
}
