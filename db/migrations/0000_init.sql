CREATE TABLE `citizens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`external_id` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`last_inbound_at` integer,
	`unsubscribed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `citizens_channel_external` ON `citizens` (`channel`,`external_id`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`citizen_id` integer NOT NULL,
	`state` text NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`citizen_id`) REFERENCES `citizens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conversations_citizen_id_unique` ON `conversations` (`citizen_id`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`citizen_id` integer NOT NULL,
	`direction` text NOT NULL,
	`kind` text DEFAULT 'reply' NOT NULL,
	`channel` text NOT NULL,
	`dedup_key` text,
	`text` text NOT NULL,
	`ticket_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`delivered_at` integer,
	FOREIGN KEY (`citizen_id`) REFERENCES `citizens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_dedup_key_unique` ON `messages` (`dedup_key`);--> statement-breakpoint
CREATE INDEX `messages_citizen` ON `messages` (`citizen_id`,`id`);--> statement-breakpoint
CREATE TABLE `bodies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`court_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`domains` text DEFAULT '[]' NOT NULL,
	`intents` text DEFAULT '[]' NOT NULL,
	`region_ids` text DEFAULT '[]' NOT NULL,
	`contact` text DEFAULT '' NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`working_hours` text,
	`accept_hours` integer DEFAULT 8 NOT NULL,
	`resolve_days` integer DEFAULT 15 NOT NULL,
	`escalation` text DEFAULT '[]' NOT NULL,
	`is_catch_all` integer DEFAULT false NOT NULL,
	`is_duty_unit` integer DEFAULT false NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`court_id`) REFERENCES `courts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bodies_court_code` ON `bodies` (`court_id`,`code`);--> statement-breakpoint
CREATE TABLE `calendar_days` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`court_id` integer NOT NULL,
	`date` text NOT NULL,
	`kind` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`court_id`) REFERENCES `courts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_court_date` ON `calendar_days` (`court_id`,`date`);--> statement-breakpoint
CREATE TABLE `courts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`case_code` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `courts_code_unique` ON `courts` (`code`);--> statement-breakpoint
CREATE TABLE `regions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`court_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`parent_id` integer,
	`aliases` text DEFAULT '[]' NOT NULL,
	FOREIGN KEY (`court_id`) REFERENCES `courts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `regions_court_code` ON `regions` (`court_id`,`code`);--> statement-breakpoint
CREATE INDEX `regions_parent` ON `regions` (`parent_id`);--> statement-breakpoint
CREATE TABLE `routing_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`court_id` integer NOT NULL,
	`priority` integer NOT NULL,
	`name` text NOT NULL,
	`match` text NOT NULL,
	`action` text NOT NULL,
	`reason` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`court_id`) REFERENCES `courts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`court_id` integer NOT NULL,
	`username` text NOT NULL,
	`password_hash` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`body_id` integer,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`court_id`) REFERENCES `courts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);--> statement-breakpoint
CREATE TABLE `kb_articles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`court_id` integer NOT NULL,
	`slug` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`title` text NOT NULL,
	`domain` text NOT NULL,
	`intent` text DEFAULT 'consult' NOT NULL,
	`facts` text NOT NULL,
	`ruling` text NOT NULL,
	`law_refs` text NOT NULL,
	`tips` text NOT NULL,
	`example_questions` text NOT NULL,
	`search_text` text DEFAULT '' NOT NULL,
	`author` text DEFAULT 'suyuan' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`published_at` integer,
	FOREIGN KEY (`court_id`) REFERENCES `courts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kb_slug_version` ON `kb_articles` (`court_id`,`slug`,`version`);--> statement-breakpoint
CREATE INDEX `kb_status` ON `kb_articles` (`status`);--> statement-breakpoint
CREATE TABLE `statute_articles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`law` text NOT NULL,
	`short_name` text NOT NULL,
	`article` integer NOT NULL,
	`suffix` text DEFAULT '' NOT NULL,
	`text` text NOT NULL,
	`search_text` text DEFAULT '' NOT NULL,
	`source` text DEFAULT '' NOT NULL,
	`imported_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `statute_law_article` ON `statute_articles` (`law`,`article`,`suffix`);--> statement-breakpoint
CREATE TABLE `access_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`user_id` integer,
	`action` text NOT NULL,
	`target` text DEFAULT '' NOT NULL,
	`ip` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `inbound_deliveries` (
	`key` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`received_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`state` text DEFAULT 'processing' NOT NULL,
	`reply` text
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job` text NOT NULL,
	`payload` text NOT NULL,
	`job_key` text NOT NULL,
	`run_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`dispatched_at` integer,
	`done_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_job_key_unique` ON `outbox` (`job_key`);--> statement-breakpoint
CREATE INDEX `outbox_pending` ON `outbox` (`done_at`,`run_at`);--> statement-breakpoint
CREATE TABLE `ticket_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` integer,
	`action` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`reason` text,
	`note` text,
	`data` text,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ticket_events_ticket` ON `ticket_events` (`ticket_id`,`id`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`court_id` integer NOT NULL,
	`number` text NOT NULL,
	`citizen_id` integer,
	`channel` text NOT NULL,
	`source` text DEFAULT 'bot' NOT NULL,
	`intent` text NOT NULL,
	`domain` text NOT NULL,
	`region_id` integer,
	`place` text DEFAULT '' NOT NULL,
	`summary` text NOT NULL,
	`facts` text DEFAULT '' NOT NULL,
	`contact_phone` text,
	`consent_at` integer,
	`status` text DEFAULT '待派单' NOT NULL,
	`body_id` integer,
	`routing_reason` text DEFAULT '' NOT NULL,
	`risk` integer DEFAULT false NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`flags` text DEFAULT '{}' NOT NULL,
	`parent_id` integer,
	`owner_body_id` integer,
	`handler_id` integer,
	`transfer_count` integer DEFAULT 0 NOT NULL,
	`accept_due_at` integer,
	`resolve_due_at` integer,
	`sla_stage` integer DEFAULT 0 NOT NULL,
	`accepted_at` integer,
	`resolved_at` integer,
	`outcome` text,
	`outcome_note` text,
	`feedback_at` integer,
	`rating` integer,
	`rating_comment` text,
	`intake_key` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`court_id`) REFERENCES `courts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`citizen_id`) REFERENCES `citizens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_body_id`) REFERENCES `bodies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`handler_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_number_unique` ON `tickets` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_intake_key_unique` ON `tickets` (`intake_key`);--> statement-breakpoint
CREATE INDEX `tickets_body_status` ON `tickets` (`body_id`,`status`);--> statement-breakpoint
CREATE INDEX `tickets_citizen` ON `tickets` (`citizen_id`);--> statement-breakpoint
CREATE INDEX `tickets_status_due` ON `tickets` (`status`,`resolve_due_at`);--> statement-breakpoint
CREATE TABLE `unit_notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`body_id` integer NOT NULL,
	`ticket_id` integer,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`dedup_key` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `unit_notifications_dedup_key_unique` ON `unit_notifications` (`dedup_key`);--> statement-breakpoint
CREATE INDEX `unit_notifications_body` ON `unit_notifications` (`body_id`,`id`);