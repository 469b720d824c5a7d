package hooks

// claudeOutput is Claude Code's hook answer on stdout (exit code 0). A
// block's reason is shown to the model, which acts on it; the additional
// context is added to what the model reads next.
type claudeOutput struct {
	// Decision is "block" or empty.
	Decision           string              `json:"decision,omitempty"`
	Reason             string              `json:"reason,omitempty"`
	HookSpecificOutput *hookSpecificOutput `json:"hookSpecificOutput,omitempty"`
}

// hookSpecificOutput carries context for SessionStart and PostToolUse.
type hookSpecificOutput struct {
	HookEventName     string `json:"hookEventName"`
	AdditionalContext string `json:"additionalContext"`
}

// withContext answers Claude Code with context for the model.
func withContext(event, text string) claudeOutput {
	return claudeOutput{HookSpecificOutput: &hookSpecificOutput{HookEventName: event, AdditionalContext: text}}
}

// cursorStopOutput is Cursor's stop answer: the follow-up message is
// submitted as the agent's next user message.
type cursorStopOutput struct {
	FollowupMessage string `json:"followup_message"`
}
