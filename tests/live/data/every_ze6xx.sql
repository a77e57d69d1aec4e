-- One object per ZE6xx finding a live catalog can show (ZE606 and ZE611 cannot: see their docs).
CREATE EXTENSION citext;
CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN public.positive_int AS integer CHECK (VALUE > 0);
CREATE SCHEMA audit;

-- ZE601: no primary key (a unique index does not count), also in another schema.
CREATE TABLE public.events (id integer, body text);
CREATE UNIQUE INDEX events_id ON public.events (id);
CREATE TABLE audit.trail (logged_at timestamp with time zone, entry text);

-- ZE602-ZE605, ZE612: one column per problem, in a table that is otherwise fine.
CREATE TABLE public.orders (
    id bigint PRIMARY KEY,
    total numeric,                          -- ZE603 error
    net numeric(12,2),
    tax numeric(5),                         -- stored as numeric(5,0): not reported from a live catalog
    huge numeric(40,2),                     -- ZE603 error
    email citext,                           -- ZE602 extension type
    status public.mood,                     -- ZE602 enum
    quantity public.positive_int,           -- ZE602 domain
    tags text[],
    waited interval,                        -- ZE604 no qualifier
    slot interval hour,                     -- ZE604 qualifier
    span interval day to second,
    code character(80),
    memo character(5000),                   -- ZE605
    label character varying(300),
    price_with_tax numeric(12,2) GENERATED ALWAYS AS (net * 1.2) STORED,   -- ZE612
    seq integer GENERATED ALWAYS AS IDENTITY
);

-- ZE608: a partitioned parent and its partition (the key propagates to the partition).
CREATE TABLE public.measurements (id bigint, taken date, PRIMARY KEY (id, taken)) PARTITION BY RANGE (taken);
CREATE TABLE public.measurements_2024 PARTITION OF public.measurements
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

-- ZE609: objects zero-ETL never replicates, selected by the filter.
CREATE UNLOGGED TABLE public.rate_limits (key text PRIMARY KEY, hits integer);
CREATE VIEW public.order_totals AS SELECT id, total FROM public.orders;
CREATE MATERIALIZED VIEW public.daily AS SELECT 1 AS day;

-- INHERITS children do not get the parent's key (ZE601).
CREATE TABLE public.base (id integer PRIMARY KEY);
CREATE TABLE public.derived (extra text) INHERITS (public.base);

