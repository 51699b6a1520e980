package io.vigil.loadtest.generator;

import java.util.SplittableRandom;

/** One simulated card and its habits: where it is used, how much it spends, at which merchants. */
final class Cardholder {

    final String cardNumber;
    final String accountId;
    final City home;
    final double typicalAmount;
    final String[] favouriteMerchants;
    final double onlineShare;
    long lastTime = Long.MIN_VALUE;
    double lastLatitude;
    double lastLongitude;

    Cardholder(int index, SplittableRandom random) {
        this.cardNumber = "4" + String.format("%015d", 100_000_000_000L + index * 7919L);
        this.accountId = "acct-" + index;
        this.home = City.ALL.get(random.nextInt(City.ALL.size()));
        // Log-normal habits: most cards spend tens, a few spend hundreds.
        this.typicalAmount = Math.exp(2.8 + random.nextGaussian() * 0.7);
        this.favouriteMerchants = new String[3 + random.nextInt(6)];
        for (int i = 0; i < favouriteMerchants.length; i++) {
            favouriteMerchants[i] = home.code() + "-m" + random.nextInt(400);
        }
        this.onlineShare = 0.05 + random.nextDouble() * 0.3;
        this.lastLatitude = home.latitude();
        this.lastLongitude = home.longitude();
    }
}
