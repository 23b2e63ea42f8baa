CREATE TABLE `pow_challenges` (
	`id` text PRIMARY KEY NOT NULL,
	`challenge` blob NOT NULL,
	`difficulty` integer NOT NULL,
	`expires_minute` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `replies` (
	`id` text PRIMARY KEY NOT NULL,
	`source_id` text NOT NULL,
	`body` blob NOT NULL,
	`sealed_for_source` blob,
	`sealed_for_desk` blob NOT NULL,
	`desk_key_version` integer NOT NULL,
	`created_day` text NOT NULL,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `replies_source_idx` ON `replies` (`source_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` blob NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sources` (
	`id` text PRIMARY KEY NOT NULL,
	`lookup_hash` blob NOT NULL,
	`reply_public_key` blob NOT NULL,
	`desk_id` text NOT NULL,
	`created_day` text NOT NULL,
	FOREIGN KEY (`desk_id`) REFERENCES `desks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sources_lookup_unique` ON `sources` (`lookup_hash`);--> statement-breakpoint
ALTER TABLE `parts` ADD `metadata` text;--> statement-breakpoint
ALTER TABLE `tips` ADD `source_id` text REFERENCES sources(id);--> statement-breakpoint
ALTER TABLE `tips` ADD `via` text DEFAULT 'api' NOT NULL;