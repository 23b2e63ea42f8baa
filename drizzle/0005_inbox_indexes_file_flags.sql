CREATE INDEX `audit_log_subject_idx` ON `audit_log` (`subject`,`seq`);--> statement-breakpoint
CREATE INDEX `tips_desk_priority_idx` ON `tips` (`desk_id`,`priority`,`received_day`,`id`);--> statement-breakpoint
CREATE INDEX `tips_desk_status_priority_idx` ON `tips` (`desk_id`,`status`,`priority`,`received_day`,`id`);--> statement-breakpoint
CREATE INDEX `tips_assignee_priority_idx` ON `tips` (`assignee_id`,`priority`,`received_day`,`id`);--> statement-breakpoint
-- Backfill (written by hand): tips stored before 0002 added `has_files` and
-- `unsupported_metadata` kept the default false even when a finished file exists. Set them as
-- flagFinishedFile (src/domain/triage/file-flags.ts) would have: a finished file part sets
-- has_files; one whose metadata is not 'cleaned' (NULL: stored before 0001, the client did not
-- say) also sets unsupported_metadata. Only ever sets flags, never clears them.
UPDATE `tips` SET `has_files` = 1 WHERE `has_files` = 0 AND EXISTS (
	SELECT 1 FROM `parts` WHERE `parts`.`tip_id` = `tips`.`id` AND `parts`.`kind` = 'file' AND `parts`.`state` = 'complete'
);--> statement-breakpoint
UPDATE `tips` SET `unsupported_metadata` = 1 WHERE `unsupported_metadata` = 0 AND EXISTS (
	SELECT 1 FROM `parts` WHERE `parts`.`tip_id` = `tips`.`id` AND `parts`.`kind` = 'file' AND `parts`.`state` = 'complete'
		AND (`parts`.`metadata` IS NULL OR `parts`.`metadata` <> 'cleaned')
);
