package io.vigil.loadtest.generator;

import java.util.List;

/** Places where simulated cards live and travel to. */
record City(String code, String country, String currency, double latitude, double longitude) {

    static final List<City> ALL =
            List.of(
                    new City("AMS", "NL", "EUR", 52.37, 4.90),
                    new City("PAR", "FR", "EUR", 48.86, 2.35),
                    new City("BER", "DE", "EUR", 52.52, 13.40),
                    new City("MAD", "ES", "EUR", 40.42, -3.70),
                    new City("LON", "GB", "GBP", 51.51, -0.13),
                    new City("NYC", "US", "USD", 40.71, -74.01),
                    new City("SFO", "US", "USD", 37.77, -122.42),
                    new City("SIN", "SG", "SGD", 1.35, 103.82),
                    new City("TYO", "JP", "JPY", 35.68, 139.69),
                    new City("SAO", "BR", "BRL", -23.55, -46.63));
}
