DROP INDEX `tickets_number_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_court_number` ON `tickets` (`court_id`,`number`);--> statement-breakpoint
ALTER TABLE `citizens` ADD `court_id` integer REFERENCES courts(id);