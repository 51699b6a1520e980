package io.vigil.loadtest.generator;

import io.vigil.features.engine.GeoDistance;
import io.vigil.schemas.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A seeded, endless stream of card transactions in event-time order, with fraud mixed in: the same
 * seed and settings always give the same stream.
 *
 * <p>Genuine payments follow each card's habits (home city, usual amount, favourite merchants,
 * online share; now and then a legitimately large purchase). Fraud episodes hit random cards:
 * {@link FraudPattern#CARD_TESTING} bursts, {@link FraudPattern#AMOUNT_SPIKE}s, {@link
 * FraudPattern#IMPOSSIBLE_TRAVEL} and {@link FraudPattern#RISKY_NEW_MERCHANT}s; after a {@link
 * #shift(MarketShift)}, spending changes and {@link FraudPattern#DEVICE_RING}s appear. Not
 * thread-safe.
 */
public final class TransactionGenerator {

    private static final String[] COMMON_CATEGORIES = {
        "5411", "5812", "5541", "5311", "5912", "4111", "5999", "5814", "5651"
    };
    private static final String[] RISKY_CATEGORIES = {"7995", "4829", "6051"};
    private static final String[] HIGH_VALUE_CATEGORIES = {"5732", "5944"};

    /**
     * A built-in disparity, for fairness monitoring to find: cardholders at home in this country
     * sometimes buy digital goods (game credits) in a quick burst of small online payments at new
     * web shops, which is what card testing looks like to a fraud model, so genuine payments made
     * there are flagged far more often than anywhere else. Every other country behaves alike.
     */
    public static final String DISPARITY_COUNTRY = "ES";

    /** Payments in such a burst, about 40 s apart. */
    private static final int BURST = 6;

    private final GeneratorSettings settings;
    private final SplittableRandom random;
    private final List<Cardholder> cards;
    private final PriorityQueue<Scheduled> scheduled =
            new PriorityQueue<>(Comparator.comparingLong(Scheduled::time));
    private final double episodeProbability;
    private double eventsPerSecond;
    private long clock;

    /**
     * Exact event time of the latest genuine arrival, in fractional milliseconds (rounding would
     * drift the rate).
     */
    private double arrivals;

    private long sequence;

    /** Set by another thread (a demo shifting live traffic): volatile. */
    private volatile MarketShift shift = new MarketShift(1, 0, 0);

    public TransactionGenerator(GeneratorSettings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        this.cards = new ArrayList<>(settings.cards());
        for (int i = 0; i < settings.cards(); i++) {
            cards.add(new Cardholder(i, random));
        }
        // Episodes average ~3 fraudulent payments each.
        this.episodeProbability = settings.fraudRate() / 3.0;
        this.clock = settings.start().toEpochMilli();
        this.arrivals = clock;
        this.eventsPerSecond = settings.eventsPerSecond();
    }

    /** Changes the event-time rate from now on (e.g. from a month of history to live traffic). */
    public void setEventsPerSecond(double eventsPerSecond) {
        if (!(eventsPerSecond > 0)) {
            throw new IllegalArgumentException(
                    "eventsPerSecond must be positive: " + eventsPerSecond);
        }
        this.eventsPerSecond = eventsPerSecond;
    }

    /** From the next transaction on, the traffic follows {@code shift}. */
    public void shift(MarketShift shift) {
        this.shift = shift;
    }

    /** The next transaction; event times never decrease. */
    public GeneratedTransaction next() {
        double nextArrival =
                arrivals - Math.log(1 - random.nextDouble()) * 1000.0 / eventsPerSecond;
        long nextGenuine = Math.max(clock, (long) nextArrival);
        if (!scheduled.isEmpty() && scheduled.peek().time() <= nextGenuine) {
            Scheduled s = scheduled.poll();
            clock = Math.max(clock, s.time());
            return emit(s);
        }
        arrivals = nextArrival;
        clock = nextGenuine;
        if (random.nextDouble() < episodeProbability) {
            scheduleEpisode(cards.get(random.nextInt(cards.size())));
        }
        return emit(genuine(cards.get(random.nextInt(cards.size())), clock));
    }

    public double eventsPerSecond() {
        return eventsPerSecond;
    }

    /** Event time of the last transaction returned. */
    public long clock() {
        return clock;
    }

    private Scheduled genuine(Cardholder card, long time) {
        double kind = random.nextDouble();
        if (kind < 0.004) {
            // Real travel: looks like impossible travel when the card was used shortly before.
            City city = City.ALL.get(random.nextInt(City.ALL.size()));
            String merchant = city.code() + "-m" + random.nextInt(400);
            return new Scheduled(
                    time,
                    card,
                    merchant,
                    categoryOf(merchant),
                    card.typicalAmount * (1 + random.nextDouble() * 2),
                    presentChannel(),
                    city,
                    0.05,
                    null);
        }
        if (kind < 0.02) {
            // Some people gamble or send money abroad: risky categories are not always fraud.
            return new Scheduled(
                    time,
                    card,
                    "risk-m" + random.nextInt(300),
                    pick(RISKY_CATEGORIES),
                    card.typicalAmount * (0.5 + random.nextDouble() * 3),
                    "ONLINE",
                    card.home,
                    0,
                    null);
        }
        if (kind < 0.05) {
            // Small online purchases of digital goods at ever new merchants.
            String merchant = "web-m" + random.nextInt(100_000);
            double amount = 1 + random.nextDouble() * 9;
            if (kind < 0.03 && card.home.country().equals(DISPARITY_COUNTRY)) {
                for (int i = 1; i < BURST; i++) {
                    add(
                            new Scheduled(
                                    time + i * 40_000L,
                                    card,
                                    merchant + "-" + i,
                                    "5816",
                                    amount * (0.6 + 0.15 * i),
                                    "ONLINE",
                                    card.home,
                                    0,
                                    null));
                }
            }
            return new Scheduled(
                    time, card, merchant, "5816", amount, "ONLINE", card.home, 0, null);
        }
        boolean favourite = random.nextDouble() < 0.85;
        String merchant =
                favourite
                        ? card.favouriteMerchants[random.nextInt(card.favouriteMerchants.length)]
                        : card.home.code() + "-m" + random.nextInt(400);
        double amount =
                card.typicalAmount * shift.spendingFactor() * Math.exp(random.nextGaussian() * 0.5);
        if (random.nextDouble() < 0.02) {
            amount *= 3 + random.nextDouble() * 5; // a genuine big purchase now and then
        }
        boolean online = random.nextDouble() < card.onlineShare + shift.extraOnlineShare();
        return new Scheduled(
                time,
                card,
                merchant,
                categoryOf(merchant),
                amount,
                online ? "ONLINE" : presentChannel(),
                card.home,
                online ? 0 : 0.05,
                null);
    }

    /** A ring's device pays with several stolen cards, normal amounts at ordinary web shops. */
    private void scheduleRing() {
        String device = "ring-" + random.nextInt(20);
        int cardsUsed = 3 + random.nextInt(6);
        long t = clock;
        for (int i = 0; i < cardsUsed; i++) {
            Cardholder card = cards.get(random.nextInt(cards.size()));
            t += 60_000 + random.nextInt(600_000);
            String merchant = card.home.code() + "-m" + random.nextInt(400);
            add(
                    new Scheduled(
                            t,
                            card,
                            merchant,
                            categoryOf(merchant),
                            card.typicalAmount
                                    * shift.spendingFactor()
                                    * (0.7 + random.nextDouble()),
                            "ONLINE",
                            card.home,
                            0,
                            FraudPattern.DEVICE_RING,
                            device));
        }
    }

    private void scheduleEpisode(Cardholder card) {
        if (shift.ringShare() > 0
                && random.nextDouble()
                        < shift.ringShare()) { // no draw before a shift: seeded streams stay as
            // they were
            scheduleRing();
            return;
        }
        FraudPattern pattern =
                FraudPattern.values()[random.nextInt(FraudPattern.DEVICE_RING.ordinal())];
        switch (pattern) {
            case CARD_TESTING -> {
                int burst = 5 + random.nextInt(8);
                long t = clock;
                for (int i = 0; i < burst; i++) {
                    t += 10_000 + random.nextInt(50_000);
                    String merchant = "web-m" + random.nextInt(100_000);
                    add(
                            new Scheduled(
                                    t,
                                    card,
                                    merchant,
                                    "5816",
                                    0.5 + random.nextDouble() * 8.5,
                                    "ONLINE",
                                    card.home,
                                    0,
                                    pattern));
                }
            }
            case AMOUNT_SPIKE -> {
                int count = 1 + random.nextInt(2);
                for (int i = 0; i < count; i++) {
                    String merchant = card.home.code() + "-lux" + random.nextInt(10_000);
                    double amount = card.typicalAmount * (4 + random.nextDouble() * 26);
                    add(
                            new Scheduled(
                                    clock + (i + 1) * 300_000L,
                                    card,
                                    merchant,
                                    pick(HIGH_VALUE_CATEGORIES),
                                    amount,
                                    random.nextBoolean() ? "ONLINE" : "CARD_PRESENT",
                                    card.home,
                                    0.05,
                                    pattern));
                }
            }
            case IMPOSSIBLE_TRAVEL -> {
                // A genuine payment at home, then the card is used far away minutes later.
                add(genuine(card, clock + 1));
                City far = farFrom(card.home);
                int count = 1 + random.nextInt(3);
                for (int i = 0; i < count; i++) {
                    String merchant = far.code() + "-m" + random.nextInt(400);
                    add(
                            new Scheduled(
                                    clock + 600_000L + i * 240_000L + random.nextInt(1_800_000),
                                    card,
                                    merchant,
                                    categoryOf(merchant),
                                    card.typicalAmount * (1 + random.nextDouble() * 3),
                                    "CARD_PRESENT",
                                    far,
                                    0.05,
                                    pattern));
                }
            }
            case RISKY_NEW_MERCHANT -> {
                int count = 1 + random.nextInt(2);
                for (int i = 0; i < count; i++) {
                    String merchant = "risk-m" + random.nextInt(100_000);
                    add(
                            new Scheduled(
                                    clock + (i + 1) * 120_000L,
                                    card,
                                    merchant,
                                    pick(RISKY_CATEGORIES),
                                    50 + card.typicalAmount * (2 + random.nextDouble() * 4),
                                    "ONLINE",
                                    card.home,
                                    0,
                                    pattern));
                }
            }
            case DEVICE_RING ->
                    throw new IllegalStateException("rings are scheduled by scheduleRing");
        }
    }

    private GeneratedTransaction emit(Scheduled s) {
        Cardholder card = s.card();
        double lat = s.city().latitude() + (random.nextDouble() - 0.5) * s.jitter();
        double lon = s.city().longitude() + (random.nextDouble() - 0.5) * s.jitter();
        card.lastTime = s.time();
        card.lastLatitude = lat;
        card.lastLongitude = lon;
        Transaction t =
                Transaction.newBuilder()
                        .setTransactionId(
                                "tx-" + Long.toHexString(settings.seed()) + "-" + sequence++)
                        .setCardNumber(card.cardNumber)
                        .setAccountId(card.accountId)
                        .setMerchantId(s.merchant())
                        .setMerchantCategory(s.category())
                        .setAmount(Math.round(s.amount() * 100) / 100.0)
                        .setCurrency(s.city().currency())
                        .setCountry(s.city().country())
                        .setLatitude(lat)
                        .setLongitude(lon)
                        .setChannel(s.channel())
                        .setDeviceId(
                                s.device() != null
                                        ? s.device()
                                        : "ONLINE".equals(s.channel())
                                                ? "dev-" + card.accountId
                                                : null)
                        .setEventTime(Instant.ofEpochMilli(s.time()))
                        .build();
        return new GeneratedTransaction(t, s.pattern());
    }

    private void add(Scheduled s) {
        scheduled.add(s);
    }

    private City farFrom(City home) {
        while (true) {
            City city = City.ALL.get(random.nextInt(City.ALL.size()));
            if (GeoDistance.kilometres(
                            home.latitude(), home.longitude(), city.latitude(), city.longitude())
                    > 3000) {
                return city;
            }
        }
    }

    private String presentChannel() {
        return random.nextDouble() < 0.6 ? "CONTACTLESS" : "CARD_PRESENT";
    }

    private static String categoryOf(String merchant) {
        return COMMON_CATEGORIES[Math.floorMod(merchant.hashCode(), COMMON_CATEGORIES.length)];
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** A payment decided but not yet emitted. */
    private record Scheduled(
            long time,
            Cardholder card,
            String merchant,
            String category,
            double amount,
            String channel,
            City city,
            double jitter,
            FraudPattern pattern,
            String device) {

        Scheduled(
                long time,
                Cardholder card,
                String merchant,
                String category,
                double amount,
                String channel,
                City city,
                double jitter,
                FraudPattern pattern) {
            this(time, card, merchant, category, amount, channel, city, jitter, pattern, null);
        }
    }
}
