CREATE TABLE `desk_key_grants` (
	`desk_id` text NOT NULL,
	`version` integer NOT NULL,
	`staff_id` text NOT NULL,
	`sealed_secret` blob NOT NULL,
	PRIMARY KEY(`desk_id`, `version`, `staff_id`),
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `desk_members` (
	`desk_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`added_at` text NOT NULL,
	PRIMARY KEY(`desk_id`, `staff_id`),
	FOREIGN KEY (`desk_id`) REFERENCES `desks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `desk_members_staff_idx` ON `desk_members` (`staff_id`);--> statement-breakpoint
CREATE TABLE `draft_links` (
	`draft_id` text NOT NULL,
	`tip_id` text NOT NULL,
	`note` blob,
	`linked_by` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`draft_id`, `tip_id`),
	FOREIGN KEY (`draft_id`) REFERENCES `drafts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tip_id`) REFERENCES `tips`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`linked_by`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `draft_links_tip_idx` ON `draft_links` (`tip_id`);--> statement-breakpoint
CREATE TABLE `drafts` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`cms_ref` text DEFAULT '' NOT NULL,
	`owner_id` text NOT NULL,
	`status` text DEFAULT 'idea' NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `drafts_owner_idx` ON `drafts` (`owner_id`);--> statement-breakpoint
CREATE TABLE `labels` (
	`id` text PRIMARY KEY NOT NULL,
	`desk_id` text NOT NULL,
	`name` text NOT NULL,
	FOREIGN KEY (`desk_id`) REFERENCES `desks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `labels_desk_name_unique` ON `labels` (`desk_id`,`name`);--> statement-breakpoint
CREATE TABLE `routing_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`position` integer NOT NULL,
	`match` text NOT NULL,
	`target_desk_id` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`target_desk_id`) REFERENCES `desks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `staff` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`kdf_salt` blob NOT NULL,
	`kdf_log_n` integer NOT NULL,
	`login_verifier` blob NOT NULL,
	`public_key` blob NOT NULL,
	`encrypted_secret_key` blob NOT NULL,
	`totp_secret` blob NOT NULL,
	`totp_last_step` integer DEFAULT 0 NOT NULL,
	`failed_logins` integer DEFAULT 0 NOT NULL,
	`locked_until` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_username_unique` ON `staff` (`username`);--> statement-breakpoint
CREATE TABLE `staff_invites` (
	`token_hash` blob PRIMARY KEY NOT NULL,
	`role` text NOT NULL,
	`desk_ids` text DEFAULT '[]' NOT NULL,
	`created_by` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text
);
--> statement-breakpoint
CREATE TABLE `staff_recovery_codes` (
	`staff_id` text NOT NULL,
	`code_hash` blob NOT NULL,
	PRIMARY KEY(`staff_id`, `code_hash`),
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `staff_sessions` (
	`id_hash` blob PRIMARY KEY NOT NULL,
	`staff_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_sessions_staff_idx` ON `staff_sessions` (`staff_id`);--> statement-breakpoint
CREATE TABLE `tip_labels` (
	`tip_id` text NOT NULL,
	`label_id` text NOT NULL,
	PRIMARY KEY(`tip_id`, `label_id`),
	FOREIGN KEY (`tip_id`) REFERENCES `tips`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`label_id`) REFERENCES `labels`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tip_labels_label_idx` ON `tip_labels` (`label_id`,`tip_id`);--> statement-breakpoint
CREATE TABLE `tip_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`tip_id` text NOT NULL,
	`author_id` text NOT NULL,
	`body` blob NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`tip_id`) REFERENCES `tips`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tip_notes_tip_idx` ON `tip_notes` (`tip_id`);--> statement-breakpoint
CREATE TABLE `tip_reads` (
	`staff_id` text NOT NULL,
	`tip_id` text NOT NULL,
	PRIMARY KEY(`staff_id`, `tip_id`),
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tip_id`) REFERENCES `tips`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
DROP INDEX `tips_desk_idx`;--> statement-breakpoint
ALTER TABLE `tips` ADD `status` text DEFAULT 'new' NOT NULL;--> statement-breakpoint
ALTER TABLE `tips` ADD `priority` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `tips` ADD `assignee_id` text REFERENCES staff(id);--> statement-breakpoint
ALTER TABLE `tips` ADD `has_files` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `tips` ADD `unsupported_metadata` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `tips` ADD `urgent` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `tips` ADD `topic` text;--> statement-breakpoint
CREATE INDEX `tips_desk_status_idx` ON `tips` (`desk_id`,`status`,`received_day`,`id`);--> statement-breakpoint
CREATE INDEX `tips_assignee_idx` ON `tips` (`assignee_id`,`received_day`,`id`);--> statement-breakpoint
CREATE INDEX `tips_source_idx` ON `tips` (`source_id`);--> statement-breakpoint
CREATE INDEX `tips_desk_idx` ON `tips` (`desk_id`,`received_day`,`id`);--> statement-breakpoint
ALTER TABLE `desks` ADD `translations` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `replies` ADD `author_id` text;