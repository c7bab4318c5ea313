"""social_embeds: post residue leaves the body and becomes embeds; prose quoting a post stays."""
import pytest

from rules_support import PARAS, assert_intact, body, page, removals, run


def _embeds(res):
    return [e for a in res.articles for e in a.embeds]


TWEETS = {
    "one_line_en": (["Ferry timetable extended through winter, the commission says https://t.co/Ab12Cd34Ef"],
                    "— Island Courier (@islandcourier) March 3, 2025", "islandcourier", "2025-03-03"),
    "multi_line": (["Crowds at the pier tonight for the last summer crossing.",
                    "Locals say they hope the later boats stay all year… pic.twitter.com/Zz98Yy76Xx"],
                   "— Marta Olsen (@martaolsen) August 31, 2024", "martaolsen", "2024-08-31"),
    "cyrillic": (["Министр транспорта открыл новый участок дороги https://t.co/Qw12Er34Ty"],
                 "— Вести Области (@vesti_oblast) November 14, 2025", "vesti_oblast", "2025-11-14"),
    "japanese": (["本日、新しい水道管の工事が始まりました。 https://t.co/Jp00Jp11Jp"],
                 "— 市役所広報 (@city_koho) April 2, 2025", "city_koho", "2025-04-02"),
    "arabic": (["بدأت اليوم أعمال تجديد شبكة المياه في المدينة القديمة https://t.co/Ar12Ar34Ar"],
               "— بلدية المدينة (@city_municipality) May 6, 2025", "city_municipality", "2025-05-06"),
}


@pytest.mark.parametrize("case", sorted(TWEETS))
@pytest.mark.parametrize("lang", ["en", "de", "ru"])
def test_tweet_residue_is_removed_and_kept_as_embed(case, lang):
    lines, attribution, handle, date = TWEETS[case]
    res = run(page(PARAS[lang][0], lines, attribution, "https://platform.twitter.com/widgets.js",
                   PARAS[lang][1], PARAS[lang][2]))
    assert_intact(res, PARAS[lang])
    text = body(res)
    assert "widgets.js" not in text and "@" + handle not in text
    for line in lines:
        assert line[:25] not in text
    [embed] = _embeds(res)
    assert (embed.platform, embed.handle, embed.date) == ("twitter", handle, date)
    assert ("social_embeds.attributed_post", "twitter_post") in {(r, why) for r, why, _ in removals(res)}


def test_tweet_after_blank_line_does_not_swallow_the_paragraph_above():
    lines, attribution, handle, _ = TWEETS["one_line_en"]
    res = run(page(PARAS["en"][0], "", PARAS["en"][1], "", lines, attribution,
                   "https://platform.twitter.com/widgets.js", "", PARAS["en"][2]))
    assert_intact(res, PARAS["en"])
    assert [e.handle for e in _embeds(res)] == [handle]


def test_bluesky_and_mastodon_attributions_name_their_platform():
    res = run(page(PARAS["en"][0],
                   "The new timetable is finally online, check your crossing times",
                   "— Harbour Watch (@harbourwatch.bsky.social) March 4, 2025",
                   PARAS["en"][1],
                   "Night ferries are back! Great news for the island",
                   "— Lena (@lena@social.example.org) March 4, 2025",
                   PARAS["en"][2]))
    assert [(e.platform, e.handle) for e in _embeds(res)] == [
        ("bluesky", "harbourwatch.bsky.social"), ("mastodon", "lena@social.example.org")]
    assert_intact(res, PARAS["en"])


@pytest.mark.parametrize("header,credit", [
    ("View this post on Instagram", "A post shared by Island Bakery (@islandbakery)"),
    ("Diesen Beitrag auf Instagram ansehen", "Ein Beitrag geteilt von Stadtbibliothek (@stadtbib)"),
    ("Voir cette publication sur Instagram", "Une publication partagée par Lycée Pro (@lyceepro)"),
    ("Ver esta publicación en Instagram", "Una publicación compartida de Aceites del Sur (@aceitesdelsur)"),
])
def test_instagram_embed_in_several_languages(header, credit):
    res = run(page(PARAS["fr"][0], header, "Fresh bread for the first winter ferry 🥖", credit, PARAS["fr"][1],
                   PARAS["fr"][2]))
    assert_intact(res, PARAS["fr"])
    [embed] = _embeds(res)
    assert embed.platform == "instagram" and embed.handle
    assert header not in body(res) and "🥖" not in body(res)


def test_youtube_player_residue_is_removed():
    player = ["Watch later", "Share", "Copy link", "Info", "Watch on YouTube", "0:00 / 3:45"]
    res = run(page(PARAS["es"][0], player, PARAS["es"][1], PARAS["es"][2]))
    assert_intact(res, PARAS["es"])
    assert ("social_embeds.video_player", "video_player") in {(r, why) for r, why, _ in removals(res)}
    assert [e.platform for e in _embeds(res)] == ["youtube"]


def test_tiktok_caption_and_facebook_posted_by_lines():
    res = run(page(PARAS["de"][0],
                   "Unser neuer Lesesaal am Sonntag #bibliothek @stadtbib_official ♬ Originalton - stadtbib_official",
                   PARAS["de"][1],
                   "Posted by Stadtbibliothek Nord on March 2, 2025",
                   PARAS["de"][2]))
    assert_intact(res, PARAS["de"])
    platforms = sorted(e.platform for e in _embeds(res))
    assert platforms == ["facebook", "tiktok"]


def test_bare_post_urls_and_embed_scripts_are_removed():
    res = run(page(PARAS["en"][0], "https://www.instagram.com/p/Cx1Yz2AbC3d/", PARAS["en"][1],
                   "https://www.tiktok.com/embed.js", PARAS["en"][2]))
    assert_intact(res, PARAS["en"])
    reasons = {why for _, why, _ in removals(res, "social_embeds")}
    assert reasons == {"post_url", "embed_script_url"}


# -- hard negatives ------------------------------------------------------------------------------------

@pytest.mark.parametrize("prose", [
    "In a post on X, the minister wrote that the ferry decision was “a victory for common sense” and thanked "
    "the residents who signed the petition.",
    "Der Minister schrieb am Montag auf X, die Entscheidung sei „ein Sieg des gesunden Menschenverstands“, "
    "und bedankte sich bei den Unterzeichnern.",
    "Dans un message publié sur Instagram, la présidente de la région (@presidente_region) a salué l'accord.",
    "В своём телеграм-канале министр написал, что ремонт дорог начнётся уже в апреле, и поблагодарил жителей.",
])
def test_prose_quoting_a_post_is_kept(prose):
    res = run(page(PARAS["en"][0], "", prose, "", PARAS["en"][1]))
    assert removals(res, "social_embeds") == []
    assert prose in body(res)
    assert _embeds(res) == []


def test_an_email_style_attribution_without_date_or_dash_is_kept():
    line = "Questions can be sent to the harbour office (@harbouroffice) at any time during opening hours."
    res = run(page(PARAS["en"][0], line, PARAS["en"][1]))
    assert removals(res, "social_embeds") == []
    assert line in body(res)


LEAD_INS = {
    "en": ("The sea wall will be inspected once the wind drops, and the council expects the road to reopen "
           "by the weekend.", "Residents shared pictures of the damage on social media."),
    "de": ("Die Ufermauer soll geprüft werden, sobald der Wind nachlässt, und die Stadt rechnet mit einer "
           "Öffnung der Straße am Wochenende.", "Anwohner teilten Bilder der Schäden in den sozialen Medien."),
    "fr": ("La digue sera inspectée dès que le vent faiblira, et la mairie espère rouvrir la route d'ici le "
           "week-end au plus tôt.", "Des habitants ont partagé des photos des dégâts sur les réseaux sociaux."),
}


@pytest.mark.parametrize("with_lead_in", [True, False])
@pytest.mark.parametrize("lang", sorted(LEAD_INS))
def test_a_multi_line_post_stops_at_the_article_lines_above_it(lang, with_lead_in):
    # A dump with no blank lines: short article paragraphs run straight into the post's lines.
    paragraph, lead_in = LEAD_INS[lang]
    article = [paragraph, lead_in] if with_lead_in else [paragraph]
    post = ["Waves over the wall again tonight.", "Stay safe everyone and keep off the promenade"]
    res = run(page(PARAS[lang][0], *article, *post, "— Linwick Lifeboat (@linwicklifeboat) November 12, 2026",
                   PARAS[lang][1]))
    text = body(res)
    assert all(line in text for line in article)
    assert_intact(res, PARAS[lang][:2])
    [embed] = _embeds(res)
    assert embed.text == " ".join(post)
    assert embed.handle == "linwicklifeboat"


def test_a_post_line_with_a_hashtag_is_the_posts_however_long():
    post = ["Thank you to every #Linwick volunteer who turned out on the beach this morning to clear the storm debris.",
            "Back out tomorrow at seven if the weather allows"]
    res = run(page(PARAS["en"][0], *post, "— Linwick Lifeboat (@linwicklifeboat) November 12, 2026", PARAS["en"][1]))
    [embed] = _embeds(res)
    assert embed.text == " ".join(post)
    assert post[0] not in body(res)
