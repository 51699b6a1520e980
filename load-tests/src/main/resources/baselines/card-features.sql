-- The bundled card-fraud spec's features as a Flink SQL user would write them instead of Vigil:
-- the bench's Flink SQL peer. ${...} are filled in by the bench. Streaming Flink SQL computes one
-- OVER window per query, so each window and key is a view over the one before it (one keyed
-- operator each). Differences from Vigil's features, listed in docs/operations.md: OVER windows
-- include the current transaction (subtracted where the aggregate allows: counts and sums; not
-- for distinct counts, means, deviations and maxima), are exact at both ends (they keep every row
-- of the window in state) and wait for the watermark; the card number is used in clear (Vigil keys
-- by its keyed hash); there is no model.

CREATE TABLE transactions (
  transactionId STRING NOT NULL,
  cardNumber STRING NOT NULL,
  accountId STRING NOT NULL,
  merchantId STRING NOT NULL,
  merchantCategory STRING NOT NULL,
  amount DOUBLE NOT NULL,
  currency STRING NOT NULL,
  country STRING NOT NULL,
  latitude DOUBLE,
  longitude DOUBLE,
  channel STRING NOT NULL,
  deviceId STRING,
  eventTime TIMESTAMP(3) NOT NULL,
  WATERMARK FOR eventTime AS eventTime
) WITH (
  'connector' = 'kafka',
  'topic' = '${input}',
  'properties.bootstrap.servers' = '${bootstrap}',
  'properties.group.id' = '${group}',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = '${bounded}',
  'format' = 'avro'
);

CREATE TABLE features (
  transactionId STRING NOT NULL,
  amount DOUBLE NOT NULL,
  card_not_present INT NOT NULL,
  risky_merchant_category INT NOT NULL,
  count_1h BIGINT,
  sum_amount_1h DOUBLE,
  online_count_1h INT,
  count_24h BIGINT,
  sum_amount_24h DOUBLE,
  distinct_merchants_24h DOUBLE,
  mean_amount_30d DOUBLE,
  amount_to_mean_30d DOUBLE,
  amount_zscore_30d DOUBLE,
  seconds_since_previous DOUBLE,
  speed_kmh_from_previous DOUBLE,
  new_merchant_90d INT,
  merchant_count_1h BIGINT,
  merchant_max_amount_24h DOUBLE,
  device_distinct_cards_24h DOUBLE
) WITH (
  'connector' = 'kafka',
  'topic' = '${output}',
  'properties.bootstrap.servers' = '${bootstrap}',
  'properties.transaction.timeout.ms' = '${transactionTimeoutMs}',
  'properties.linger.ms' = '${lingerMs}',
  'properties.compression.type' = 'lz4',
  'sink.delivery-guarantee' = '${delivery}',
  'sink.transactional-id-prefix' = '${group}',
  'key.format' = 'raw',
  'key.fields' = 'transactionId',
  'format' = 'avro'
);

-- Every view derives its features from its window's aggregates right away: Flink 2.2's planner
-- fails ("Field names must be unique") when one OVER aggregate reads another's bare output.
-- Counts and sums leave the transaction itself out, as Vigil's do.
CREATE TEMPORARY VIEW card_1h AS
SELECT *,
  COUNT(*) OVER w - 1 AS count_1h,
  SUM(amount) OVER w - amount AS sum_amount_1h,
  SUM(CASE WHEN channel = 'ONLINE' THEN 1 ELSE 0 END) OVER w
    - CASE WHEN channel = 'ONLINE' THEN 1 ELSE 0 END AS online_count_1h
FROM transactions
WINDOW w AS (PARTITION BY cardNumber ORDER BY eventTime
  RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW);

CREATE TEMPORARY VIEW card_24h AS
SELECT *,
  COUNT(*) OVER w - 1 AS count_24h,
  SUM(amount) OVER w - amount AS sum_amount_24h,
  CAST(COUNT(DISTINCT merchantId) OVER w AS DOUBLE) AS distinct_merchants_24h
FROM card_1h
WINDOW w AS (PARTITION BY cardNumber ORDER BY eventTime
  RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND CURRENT ROW);

CREATE TEMPORARY VIEW card_30d AS
SELECT *,
  AVG(amount) OVER w AS mean_amount_30d,
  CASE WHEN AVG(amount) OVER w > 0 THEN amount / AVG(amount) OVER w ELSE 1 END
    AS amount_to_mean_30d,
  CASE WHEN STDDEV_POP(amount) OVER w > 0
    THEN (amount - AVG(amount) OVER w) / STDDEV_POP(amount) OVER w ELSE 0 END
    AS amount_zscore_30d
FROM card_24h
WINDOW w AS (PARTITION BY cardNumber ORDER BY eventTime
  RANGE BETWEEN INTERVAL '30' DAY PRECEDING AND CURRENT ROW);

-- The previous payment: the first of the last two rows (LAG reads the current row here).
CREATE TEMPORARY VIEW card_previous AS
SELECT *,
  CASE WHEN COUNT(*) OVER w < 2 THEN 2592000.0
    ELSE LEAST(CAST(TIMESTAMPDIFF(SECOND, FIRST_VALUE(eventTime) OVER w, eventTime) AS DOUBLE),
               2592000.0) END AS seconds_since_previous,
  CASE WHEN COUNT(*) OVER w < 2 OR latitude IS NULL OR longitude IS NULL
      OR FIRST_VALUE(latitude) OVER w IS NULL OR FIRST_VALUE(longitude) OVER w IS NULL THEN 0.0
    ELSE 12742.0 * ASIN(SQRT(
        POWER(SIN(RADIANS(latitude - FIRST_VALUE(latitude) OVER w) / 2), 2)
        + COS(RADIANS(FIRST_VALUE(latitude) OVER w)) * COS(RADIANS(latitude))
          * POWER(SIN(RADIANS(longitude - FIRST_VALUE(longitude) OVER w) / 2), 2)))
      / GREATEST(CAST(TIMESTAMPDIFF(SECOND, FIRST_VALUE(eventTime) OVER w, eventTime) AS DOUBLE)
                   / 3600.0, 1.0 / 60) END AS speed_kmh_from_previous
FROM card_30d
WINDOW w AS (PARTITION BY cardNumber ORDER BY eventTime
  ROWS BETWEEN 1 PRECEDING AND CURRENT ROW);

CREATE TEMPORARY VIEW card_merchant_90d AS
SELECT *,
  CASE WHEN COUNT(*) OVER w = 1 THEN 1 ELSE 0 END AS new_merchant_90d
FROM card_previous
WINDOW w AS (PARTITION BY cardNumber, merchantId ORDER BY eventTime
  RANGE BETWEEN INTERVAL '90' DAY PRECEDING AND CURRENT ROW);

CREATE TEMPORARY VIEW merchant_1h AS
SELECT *,
  COUNT(*) OVER w - 1 AS merchant_count_1h
FROM card_merchant_90d
WINDOW w AS (PARTITION BY merchantId ORDER BY eventTime
  RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW);

CREATE TEMPORARY VIEW merchant_24h AS
SELECT *,
  GREATEST(MAX(amount) OVER w, 0.0) AS merchant_max_amount_24h
FROM merchant_1h
WINDOW w AS (PARTITION BY merchantId ORDER BY eventTime
  RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND CURRENT ROW);

-- Transactions without a device each get their own partition (Vigil keeps no state for them).
CREATE TEMPORARY VIEW device_24h AS
SELECT *,
  CAST(COUNT(DISTINCT accountId) OVER w AS DOUBLE) AS device_distinct_cards_24h
FROM merchant_24h
WINDOW w AS (PARTITION BY COALESCE(deviceId, transactionId) ORDER BY eventTime
  RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND CURRENT ROW);

INSERT INTO features
SELECT
  transactionId,
  amount,
  CASE WHEN channel = 'ONLINE' THEN 1 ELSE 0 END,
  CASE WHEN merchantCategory IN ('4829', '6051', '6540', '7995', '5816', '5967', '5944', '5732')
    THEN 1 ELSE 0 END,
  count_1h,
  sum_amount_1h,
  online_count_1h,
  count_24h,
  sum_amount_24h,
  distinct_merchants_24h,
  mean_amount_30d,
  amount_to_mean_30d,
  amount_zscore_30d,
  seconds_since_previous,
  speed_kmh_from_previous,
  new_merchant_90d,
  merchant_count_1h,
  merchant_max_amount_24h,
  device_distinct_cards_24h
FROM device_24h
