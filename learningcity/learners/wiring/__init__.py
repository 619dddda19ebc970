"""Start-up wiring, split by side so each stays small; `apps.LearnersConfig.ready` calls both."""
