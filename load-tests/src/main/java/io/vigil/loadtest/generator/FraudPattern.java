package io.vigil.loadtest.generator;

/** The kinds of fraud the generator injects, as seen in card fraud. */
public enum FraudPattern {
    /** A burst of tiny online payments at many merchants, testing whether a stolen card works. */
    CARD_TESTING,
    /** A payment far above what the card usually spends. */
    AMOUNT_SPIKE,
    /** A payment thousands of kilometres from the previous one, minutes later. */
    IMPOSSIBLE_TRAVEL,
    /**
     * A first payment at an unknown merchant in a risky category (gambling, money transfer, ...).
     */
    RISKY_NEW_MERCHANT,
    /**
     * A fraud ring's device paying with many stolen cards: ordinary-looking online amounts, but one
     * device behind many cards. Appears only after {@link TransactionGenerator#shift(MarketShift)}.
     */
    DEVICE_RING
}
