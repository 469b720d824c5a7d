package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/tools"
)

func newTestCmd(g *globals) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "test [file.yaml...]",
		Short: "Run zed validation files in an in-process SpiceDB; exits 1 on a failure",
		Long: "Run zed validation files (schema or schemaFile, relationships, assertions, expected relations) as `zed validate`\n" +
			"does, in an in-process SpiceDB. Every failure is printed at file:line:col. With no files, every validation file\n" +
			"under the root runs (node_modules, vendor and hidden directories are skipped).\n" +
			"Exit code 1 when a file fails, or when the files cannot be found or read.",
		RunE: func(cmd *cobra.Command, files []string) error {
			if format != "text" && format != "json" {
				return fmt.Errorf("--format %q: use text or json", format)
			}
			root, err := schemas.NewRoot(g.root)
			if err != nil {
				return err
			}
			r, err := tools.RunValidationFiles(cmd.Context(), root, files)
			if err != nil {
				return err
			}
			if err := emit(cmd.OutOrStdout(), format, r, tools.FormatValidationFiles(r)); err != nil {
				return err
			}
			if !r.Passed {
				return exitCode(1)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}
