package io.vigil.features.card;

import java.util.Set;

/** Merchant categories and channels that fraud teams treat as risky. */
public final class MerchantCategories {

    /**
     * MCCs with high fraud exposure: quasi-cash and money transfer (4829, 6051, 6540), gambling
     * (7995), digital goods and direct marketing (5816, 5967), jewellery (5944), electronics (5732).
     */
    public static final Set<String> RISKY = Set.of("4829", "6051", "6540", "7995", "5816", "5967", "5944", "5732");

    private MerchantCategories() {}

    public static boolean isRisky(String merchantCategory) {
        return RISKY.contains(merchantCategory);
    }

    /** True for channels where the card is not physically present (online, phone). */
    public static boolean isCardNotPresent(String channel) {
        return "ONLINE".equals(channel);
    }
}
