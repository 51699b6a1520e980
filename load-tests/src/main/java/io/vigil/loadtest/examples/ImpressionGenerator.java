package io.vigil.loadtest.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Seeded recommendation traffic for the click-through example: users with a favourite category, a
 * device and a country; items with a category, a price and a popularity. A user clicks more often
 * on a higher slot, in their favourite category (which they are shown about half the time), on the
 * search page, on a popular item and off mobile: signals the example spec's features can find.
 * Outcomes are known at the click (seconds later) or when the 30-minute attribution window closes.
 * Not thread-safe.
 */
public final class ImpressionGenerator {

    static final List<String> CATEGORIES =
            List.of(
                    "books",
                    "electronics",
                    "fashion",
                    "garden",
                    "home",
                    "sports",
                    "toys",
                    "grocery");
    private static final List<String> COUNTRIES = List.of("NL", "DE", "FR", "ES", "IT");
    private static final long ATTRIBUTION_MS = Duration.ofMinutes(30).toMillis();

    private final Schema impressionSchema = ClickThroughExample.schema("impression.avsc");
    private final Schema clickSchema = ClickThroughExample.schema("click.avsc");
    private final Schema viewerSchema = impressionSchema.getField("user").schema();
    private final Schema itemSchema = impressionSchema.getField("item").schema();
    private final SplittableRandom random;
    private final int users;
    private final int items;
    private final double eventsPerSecond;
    private long clock;
    private long count;

    /**
     * @param start the first impression's event time, epoch ms
     */
    public ImpressionGenerator(
            long seed, int users, int items, double eventsPerSecond, long start) {
        this.random = new SplittableRandom(seed);
        this.users = users;
        this.items = items;
        this.eventsPerSecond = eventsPerSecond;
        this.clock = start;
    }

    /** Event time of the latest impression, epoch ms. */
    public long clock() {
        return clock;
    }

    public double eventsPerSecond() {
        return eventsPerSecond;
    }

    /** Moves event time on by {@code gap} before the next impression. */
    public void skip(Duration gap) {
        clock += gap.toMillis();
    }

    public GeneratedImpression next() {
        Draw draw = draw();
        long labelAt =
                draw.clicked() ? clock + 2_000 + random.nextInt(300_000) : clock + ATTRIBUTION_MS;
        GenericRecord click = new GenericData.Record(clickSchema);
        click.put("impression", draw.impression().get("impressionId"));
        click.put("clicked", draw.clicked());
        click.put("at", labelAt);
        return new GeneratedImpression(
                draw.impression().get("impressionId").toString(),
                ((GenericRecord) draw.impression().get("user")).get("id").toString(),
                clock,
                encode(draw.impression()),
                draw.clicked(),
                labelAt,
                encode(click));
    }

    /** The next impression, but in a slot the spec's rules refuse: a dead letter. */
    public byte[] withInvalidSlot() {
        GenericRecord impression = draw().impression();
        impression.put("impressionId", impression.get("impressionId") + "-bad");
        impression.put("slot", 0);
        return encode(impression);
    }

    private record Draw(GenericRecord impression, boolean clicked) {}

    private Draw draw() {
        clock +=
                Math.max(
                        1, Math.round(-Math.log(1 - random.nextDouble()) * 1000 / eventsPerSecond));
        int user = random.nextInt(users);
        String favourite = CATEGORIES.get(user % CATEGORIES.size());
        String category =
                random.nextBoolean()
                        ? favourite
                        : CATEGORIES.get(random.nextInt(CATEGORIES.size()));
        int item =
                CATEGORIES.indexOf(category)
                        + CATEGORIES.size()
                                * random.nextInt(Math.max(1, items / CATEGORIES.size()));
        int slot = 1 + random.nextInt(10);
        String device = List.of("MOBILE", "DESKTOP", "TABLET").get(user % 3);
        String page = List.of("HOME", "SEARCH", "ITEM", "CART").get(random.nextInt(4));
        double popularity = (item % 5) * 0.25 - 0.5;
        double logit =
                -1.5
                        - 0.3 * (slot - 1)
                        + (category.equals(favourite) ? 1.8 : 0)
                        + ("SEARCH".equals(page) ? 0.7 : 0)
                        + ("MOBILE".equals(device) ? -0.5 : 0)
                        + popularity;
        boolean clicked = random.nextDouble() < 1 / (1 + Math.exp(-logit));

        GenericRecord viewer = new GenericData.Record(viewerSchema);
        viewer.put("id", "user-" + user);
        viewer.put("country", COUNTRIES.get(user % COUNTRIES.size()));
        viewer.put("device", symbol(viewerSchema, "device", device));
        viewer.put("signedIn", user % 4 != 0);
        GenericRecord shown = new GenericData.Record(itemSchema);
        shown.put("id", "item-" + item);
        shown.put("category", category);
        shown.put("price", 5.0 + item * 37 % 200);
        GenericRecord impression = new GenericData.Record(impressionSchema);
        impression.put("impressionId", "imp-" + count++);
        impression.put("shownAt", clock);
        impression.put("user", viewer);
        impression.put("item", shown);
        impression.put("slot", slot);
        impression.put("page", symbol(impressionSchema, "page", page));
        impression.put("requestId", "req-" + random.nextLong(1L << 40));
        impression.put("experiment", random.nextInt(3) == 0 ? "arm-b" : null);
        return new Draw(impression, clicked);
    }

    private static GenericData.EnumSymbol symbol(Schema record, String field, String symbol) {
        return new GenericData.EnumSymbol(record.getField(field).schema(), symbol);
    }

    private static byte[] encode(GenericRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        try {
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
