-- Delivery history and the person's time zone, kept with each thread (see ThreadState): the anti-spam policies
-- (frequency cap, one campaign once, quiet hours) read them. Existing threads start with none.

ALTER TABLE threads ADD COLUMN time_zone VARCHAR(64);
ALTER TABLE threads ADD COLUMN time_zone_changed_at TIMESTAMP WITH TIME ZONE;
-- The kept deliveries, newest first, as "deliveredAt campaignId" pairs separated by commas (ids have neither).
ALTER TABLE threads ADD COLUMN deliveries VARCHAR;
