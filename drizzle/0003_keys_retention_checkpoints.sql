CREATE TABLE `audit_checkpoints` (
	`seq` integer PRIMARY KEY NOT NULL,
	`head_hash` blob NOT NULL,
	`at` text NOT NULL,
	`public_key` blob NOT NULL,
	`signature` blob NOT NULL
);
--> statement-breakpoint
ALTER TABLE `desk_keys` ADD `sealed_for_recovery` blob;--> statement-breakpoint
ALTER TABLE `desks` ADD `retention_days` integer DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE `desks` ADD `recovery_public_key` blob;--> statement-breakpoint
ALTER TABLE `tips` ADD `closed_day` text;--> statement-breakpoint
ALTER TABLE `tips` ADD `keep_until_day` text;--> statement-breakpoint
CREATE INDEX `tips_desk_key_idx` ON `tips` (`desk_id`,`key_version`);--> statement-breakpoint
CREATE INDEX `tips_closed_idx` ON `tips` (`closed_day`);