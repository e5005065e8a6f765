ALTER TABLE "tickets" DROP CONSTRAINT "tickets_number_unique";--> statement-breakpoint
ALTER TABLE "citizens" ADD COLUMN "court_id" integer;--> statement-breakpoint
ALTER TABLE "citizens" ADD CONSTRAINT "citizens_court_id_courts_id_fk" FOREIGN KEY ("court_id") REFERENCES "public"."courts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_court_number" ON "tickets" USING btree ("court_id","number");