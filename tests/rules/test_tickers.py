"""tickers: quote runs (FX, stocks, crypto, indices, weather) go; prose about markets stays."""
import pytest

from rules_support import PARAS, assert_intact, page, removals, removed_text, run

FX = ["  • EUR/USD = 1.0842 +0.12%", "  • GBP/USD = 1.2711 -0.05%", "  • USD/JPY = 151.32 0%",
      "  • USD/CHF = 0.9034 -0.21%"]
STOCKS = ["AAPL 189.23 ▲1.2%", "MSFT 402.10 ▼0.3%", "NVDA 875.40 ▲2.8%", "AMZN 178.05 ▼0.6%"]
CRYPTO = ["BTC $67,412 +2.3%", "ETH $3,512 -1.1%", "SOL $148.20 +5.4%"]
INDICES = ["DAX 18.492,10 -0,3 %", "CAC 40 8.105,44 +0,2 %", "IBEX 35 10.950,3 +0,8 %", "FTSE 100 7.930,9 -0,1 %"]
WEATHER = ["Berlin 4°C", "Paris 9°C", "Madrid 14°C", "Москва −3°C"]


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es", "ru"])
@pytest.mark.parametrize("block", [FX, STOCKS, CRYPTO, INDICES, WEATHER], ids=["fx", "stocks", "crypto", "indices", "weather"])
def test_ticker_block_above_article_is_removed(lang, block):
    res = run(page(block, "", PARAS[lang][0], "", PARAS[lang][1], "", PARAS[lang][2]))
    found = removals(res, "tickers")
    assert found and all(rule == "tickers.quote_run" for rule, _, _ in found)
    assert all(line.strip() in removed_text(res, "tickers") for line in block)
    assert_intact(res, PARAS[lang])


def test_repeated_marquee_inside_the_page_is_removed_with_its_reason():
    res = run(page(PARAS["en"][0], "", STOCKS * 3, "", PARAS["en"][1], "", PARAS["en"][2]))
    assert ("tickers.quote_run", "repeated_ticker_block") in {(r, why) for r, why, _ in removals(res)}
    assert "AAPL" not in res.articles[0].text
    assert_intact(res, PARAS["en"])


def test_ticker_flattened_onto_one_line_is_removed():
    line = "AAPL 189.23 ▲1.2%  MSFT 402.10 ▼0.3%  NVDA 875.40 ▲2.8%  TSLA 171.05 ▼1.9%"
    res = run(page(line, "", *PARAS["de"]))
    assert ("tickers.quote_run", "flattened_ticker_line", line) in removals(res)
    assert_intact(res, PARAS["de"])


# -- hard negatives ------------------------------------------------------------------------------------

ECONOMICS = [
    "The central bank left its main rate at 4.5% on Thursday, although inflation slowed to 2.9% in March "
    "and the euro rose 0.4% against the dollar to 1.0842.",
    "Analysts had expected the som to weaken further; instead it traded at 0.0114 dollars, down 0.2%, while "
    "the tenge was little changed at 0.00202.",
    "Since January the yen has lost 7% of its value, which pushed the Nikkei 225 up 12% and made Japanese "
    "exports cheaper for buyers in Europe and the United States.",
]


def test_economics_article_with_rates_and_percentages_keeps_every_sentence():
    res = run(page(*[x for p in ECONOMICS for x in (p, "")]))
    assert removals(res, "tickers") == []
    assert_intact(res, ECONOMICS)


@pytest.mark.parametrize("sentence", [
    "Der Euro stieg um 0,4 Prozent auf 1,0842 Dollar, nachdem die Notenbank den Leitzins bei 4,5 % beließ.",
    "L'euro a gagné 0,4 % face au dollar, à 1,0842, après la décision de la banque centrale de maintenir ses taux.",
    "El euro subió un 0,4 % frente al dólar, hasta 1,0842, tras la decisión del banco central de mantener los tipos.",
    "Курс евро вырос на 0,4% и составил 1,0842 доллара после решения центрального банка сохранить ставку.",
])
def test_rate_sentences_in_other_languages_are_kept(sentence):
    res = run(page(sentence, "", sentence.replace("0,4", "0,6"), "", PARAS["en"][0]))
    assert removals(res, "tickers") == []
    assert sentence in res.articles[0].text


def test_a_short_price_table_inside_an_article_is_kept():
    table = ["Diesel 1.62 €", "Super E10 1.71 €"]
    res = run(page(PARAS["de"][0], "", table, "", PARAS["de"][1], "", PARAS["de"][2]))
    assert removals(res, "tickers") == []
    assert "Diesel 1.62 €" in res.articles[0].text


def test_a_list_of_years_and_figures_in_prose_is_kept():
    items = ["• 2021: 1,204 applications, 38% approved", "• 2022: 1,377 applications, 41% approved",
             "• 2023: 1,512 applications, 44% approved"]
    res = run(page(PARAS["en"][0], "", items, "", PARAS["en"][1]))
    assert removals(res, "tickers") == []
    for item in items:
        assert item.lstrip("• ") in res.articles[0].text


# A long data table the HTML path kept (rows rendered "| … |"): monthly figures and a product
# comparison, inside the article; runs of quote-like lines, but no widget.
RATE_TABLE = ["| Monat | Veränderung zum Vorjahr |", "| --- | --- |"] + [
    f"| {m}/1/2024 | {'+' if m % 3 else '-'}{m * 0.7 + 1.2:.1f}% |" for m in range(1, 13)]
PRODUCT_TABLE = ["| Model | Weight | Size |", "| --- | --- | --- |"] + [
    f"| Kestrel Air {n} | {44 + n}g | {118 + n}x{62 + n % 3}x38mm |" for n in range(1, 9)]


@pytest.mark.parametrize("table", [RATE_TABLE, PRODUCT_TABLE], ids=["monthly-rates", "product-sizes"])
def test_a_long_data_table_inside_an_article_keeps_every_row(table):
    res = run(page(PARAS["de"][0], "", table, "", PARAS["de"][1], "", PARAS["de"][2]))
    assert removals(res, "tickers") == []
    for row in table[2:]:
        assert row.strip() in res.articles[0].text


def test_a_quote_table_that_repeats_itself_inside_the_page_still_goes():
    rows = [f"| {s} | {p} | {c} |" for s, p, c in (("AAPL", "189.23", "+1.2%"), ("MSFT", "402.10", "-0.3%"),
                                                     ("NVDA", "875.40", "+2.8%"))]
    res = run(page(PARAS["en"][0], "", rows * 2, "", PARAS["en"][1], "", PARAS["en"][2]))
    assert ("tickers.quote_run", "repeated_ticker_block") in {(r, why) for r, why, _ in removals(res)}
    assert_intact(res, PARAS["en"])
