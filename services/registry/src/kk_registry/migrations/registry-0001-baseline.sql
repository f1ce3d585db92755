-- Registry's tables as they stood when migrations came in (each IF NOT EXISTS: a database
-- made before then keeps its tables and rows): the catalogue the API reads, kept by
-- registry.catalogue from registry's own events.
CREATE TABLE IF NOT EXISTS centre_view (
    centre_id text PRIMARY KEY, region_code text NOT NULL, municipality_code text NOT NULL,
    doc jsonb NOT NULL, regional_unit_code text
);
CREATE TABLE IF NOT EXISTS body_view (
    body_id uuid PRIMARY KEY, category text NOT NULL, doc jsonb NOT NULL
);
CREATE TABLE IF NOT EXISTS programme_view (
    programme_id uuid PRIMARY KEY, category text NOT NULL, doc jsonb NOT NULL
);
