CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`subject` text NOT NULL,
	`details` text DEFAULT '{}' NOT NULL,
	`prev_hash` blob NOT NULL,
	`hash` blob NOT NULL
);
--> statement-breakpoint
CREATE TABLE `chunks` (
	`part_id` text NOT NULL,
	`idx` integer NOT NULL,
	`ciphertext` blob NOT NULL,
	PRIMARY KEY(`part_id`, `idx`),
	FOREIGN KEY (`part_id`) REFERENCES `parts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `desk_keys` (
	`desk_id` text NOT NULL,
	`version` integer NOT NULL,
	`public_key` blob NOT NULL,
	`created_day` text NOT NULL,
	PRIMARY KEY(`desk_id`, `version`),
	FOREIGN KEY (`desk_id`) REFERENCES `desks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `desks` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`current_key_version` integer NOT NULL,
	`created_day` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `desks_slug_unique` ON `desks` (`slug`);--> statement-breakpoint
CREATE TABLE `parts` (
	`id` text PRIMARY KEY NOT NULL,
	`tip_id` text NOT NULL,
	`kind` text NOT NULL,
	`nonce_prefix` blob NOT NULL,
	`padded_size` integer NOT NULL,
	`chunk_count` integer NOT NULL,
	`state` text NOT NULL,
	`created_day` text NOT NULL,
	FOREIGN KEY (`tip_id`) REFERENCES `tips`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `parts_tip_idx` ON `parts` (`tip_id`);--> statement-breakpoint
CREATE TABLE `tips` (
	`id` text PRIMARY KEY NOT NULL,
	`desk_id` text NOT NULL,
	`key_version` integer NOT NULL,
	`sealed_key` blob NOT NULL,
	`upload_token_hash` blob NOT NULL,
	`received_day` text NOT NULL,
	FOREIGN KEY (`desk_id`) REFERENCES `desks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tips_desk_idx` ON `tips` (`desk_id`,`received_day`);