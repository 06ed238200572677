"""Cross-document resolution: one key per real policy, base, enterprise and event.

Each document is a cleaned excerpt of a seed text run through the finders; comments name the
seed file and raw line.
"""

from policykg.extract.bases import find_bases
from policykg.extract.enterprises import find_enterprises
from policykg.extract.entity_records import DocumentEntities
from policykg.extract.events import find_events
from policykg.extract.policies import find_policies
from policykg.extract.records import DocumentMeta
from policykg.extract.resolve import resolve_entities


def _doc(doc_id: str, text: str, year: int = 0) -> DocumentEntities:
    policies, _ = find_policies(text, DocumentMeta(), agencies=())
    enterprises, aliases = find_enterprises(text)
    return DocumentEntities(
        doc_id,
        year,
        tuple(policies),
        tuple(find_bases(text)),
        tuple(enterprises),
        tuple(find_events(text)),
        tuple(aliases),
    )


def _entities(resolution, kind: str) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    return {
        key: (e.aliases, e.documents) for key, e in resolution.entities.items() if e.kind == kind
    }


def test_resolve_one_base_named_three_ways_in_two_documents() -> None:
    # 000 raw l.2828 and 001 raw l.1428, l.1436
    doc_000 = "2021年8月,上海仓城影视文化产业园区入选第二批国家文化出口基地。"
    doc_001 = (
        "上海仓城影视文化产业园位于上海松江区永丰街道境内。\n"
        "此外,仓城影视文化产业园区积极打造影视全产业链。"
    )
    resolution = resolve_entities([_doc("000", doc_000), _doc("001", doc_001)])
    bases = {k: v for k, v in _entities(resolution, "base").items() if "仓城" in k}
    assert bases == {
        "base:仓城影视文化产业园": (
            ("上海仓城影视文化产业园", "上海仓城影视文化产业园区", "仓城影视文化产业园区"),
            ("000", "001"),
        )
    }


def test_resolve_abbreviation_defined_in_the_text_folds_into_the_full_name() -> None:
    # 001 raw l.1557
    text = (
        "原总装备部和上海市政府正式为中国北斗产业技术创新西虹桥基地(文后简称“北斗西虹桥基地”)揭牌。"
        "北斗西虹桥基地作为全国范围内为数不多以“北斗导航”为特色产业的国家火炬特色产业基地"
    )
    resolution = resolve_entities([_doc("001", text)])
    keys = {
        resolution.key_of("001", "base", b.start, b.end)
        for b in find_bases(text)
        if "西虹桥" in b.surface
    }
    assert keys == {"base:北斗产业技术创新西虹桥基地"}


def test_resolve_two_bodies_sharing_a_short_name_stay_two() -> None:
    # 000 raw l.1679 and l.1001: two companies whose trade name is 中远海运. In its own
    # document the short name stands for the one company named there; it never joins the two.
    doc_a = "第一家航运自保公司———中远海运财产自保有限公司。中远海运积极参与。"
    doc_b = "临港新片区为中远海运发展有限公司办理登记。中远海运积极参与。"
    resolution = resolve_entities([_doc("000", doc_a), _doc("001", doc_b)])
    enterprises = _entities(resolution, "enterprise")
    assert enterprises == {
        "enterprise:中远海运发展有限公司": (("中远海运", "中远海运发展有限公司"), ("001",)),
        "enterprise:中远海运财产自保有限公司": (("中远海运", "中远海运财产自保有限公司"), ("000",)),
    }


def test_resolve_look_alike_zones_are_two_entities() -> None:
    # 002 raw l.256 and 001 raw l.1343
    doc_002 = "推动金桥、漕河泾综合保税区等海关特殊监管区域的业务重点向数字贸易和服务贸易拓展."
    doc_001 = "漕河泾新兴技术开发区\t特色服务出口基地(知识产权)\n"
    resolution = resolve_entities([_doc("002", doc_002), _doc("001", doc_001)])
    keys = {k for k in _entities(resolution, "base") if "漕河泾" in k}
    assert keys == {"base:漕河泾综合保税区", "base:漕河泾新兴技术开发区"}


def test_resolve_title_only_mention_takes_the_number_printed_elsewhere() -> None:
    # 000 raw l.10522 (listed with its number) and 001 raw l.395 (title only)
    doc_000 = "关于印发《上海市数字贸易发展行动方案(2019—2021年)》的通知(沪商服贸〔2019〕201号)"
    doc_001 = "在《上海市数字贸易发展行动方案(2019-2021年)》等政策推动下,上海数字贸易快速发展"
    resolution = resolve_entities([_doc("000", doc_000), _doc("001", doc_001)])
    policy = resolution.entities["沪商服贸〔2019〕201号"]
    assert policy.documents == ("000", "001")


def test_resolve_title_of_several_versions_takes_the_one_in_force() -> None:
    # 000 raw l.10272 (2016 version) and l.10502 (2020 revision); 000 raw l.5593 (title only, 2022)
    doc_list = (
        "上海市商务委员会关于印发《上海市服务贸易示范基地和示范项目认定管理办法》的通知(沪商服贸〔2016〕266号)"
        "上海市商务委员会关于印发《上海市服务贸易示范基地和示范项目认定管理办法》的通知(沪商规〔2020〕9号)"
    )
    doc_2022 = "修订《上海市服务贸易示范基地和示范项目认定管理办法》"
    doc_2018 = "根据《上海市服务贸易示范基地和示范项目认定管理办法》开展认定"
    resolution = resolve_entities(
        [_doc("list", doc_list), _doc("a2022", doc_2022, 2022), _doc("b2018", doc_2018, 2018)]
    )
    title_a = find_policies(doc_2022, DocumentMeta(), agencies=())[0][0]
    title_b = find_policies(doc_2018, DocumentMeta(), agencies=())[0][0]
    assert (
        resolution.key_of("a2022", "policy", title_a.start, title_a.end),
        resolution.key_of("b2018", "policy", title_b.start, title_b.end),
    ) == ("沪商规〔2020〕9号", "沪商服贸〔2016〕266号")


def test_resolve_versions_of_a_catalogue_are_one_family() -> None:
    # 000 raw l.10502 and l.10549
    text = (
        "市商务委等九部门关于印发《上海市服务贸易促进指导目录(2020年版)》的通知(沪商服贸〔2020〕314号)"
        "关于印发《上海市服务贸易促进指导目录(2021年版)》的通知(沪商服贸〔2021〕341号)"
    )
    resolution = resolve_entities([_doc("000", text)])
    families = {e.key: e.family for e in resolution.entities.values() if e.kind == "policy"}
    assert families == {
        "沪商服贸〔2020〕314号": "f:上海服务贸易促进指导目录",
        "沪商服贸〔2021〕341号": "f:上海服务贸易促进指导目录",
    }


def test_resolve_event_short_name_and_edition_are_one_series() -> None:
    # 000 raw l.830 and 001 raw l.2064
    resolution = resolve_entities(
        [
            _doc("000", "参加第四届进博会"),
            _doc("001", "习近平在第五届中国国际进口博览会开幕式上的致辞"),
        ]
    )
    assert _entities(resolution, "event") == {
        "event:中国国际进口博览会": (("第五届中国国际进口博览会", "第四届进博会"), ("000", "001"))
    }


def test_resolve_free_trade_zones_of_two_provinces_stay_two() -> None:
    # 000 raw l.1143 (Shanghai's zone) and 001 raw l.2092 (Hebei's, in a quoted Hebei plan):
    # without their place both names are the type 自由贸易试验区, so the place stays.
    doc_000 = "依托中国(上海)自由贸易试验区的制度优势"
    doc_001 = "加快中国(河北)自由贸易试验区雄安、正定、曹妃甸、大兴机场等片区建设,"
    resolution = resolve_entities([_doc("000", doc_000), _doc("001", doc_001)])
    bases = {k: v for k, v in _entities(resolution, "base").items() if "自由贸易" in k}
    assert bases == {
        "base:上海自由贸易试验区": (("中国(上海)自由贸易试验区",), ("000",)),
        "base:河北自由贸易试验区": (("中国(河北)自由贸易试验区",), ("001",)),
    }


def test_resolve_park_named_with_its_designation_is_the_park() -> None:
    # 000 raw l.4452 and 003 raw l.468 name the park with the designation it holds; 001 names
    # the park alone. One base, typed by its designation.
    doc_000 = (
        "上海浦东软件园国家数字服务出口基地,聚集了SAP、高通、塔塔信息、银联数据、荣湃半导体等企业。"
    )
    doc_003 = "推进服务贸易创新发展.强化浦东软件园国家数字服务出口基地、中医药服务出口基地建设。"
    doc_001 = "上海浦东软件园是国家软件产业基地和国家软件出口基地。"
    resolution = resolve_entities(
        [_doc("000", doc_000), _doc("001", doc_001), _doc("003", doc_003)]
    )
    park = resolution.entities["base:浦东软件园"]
    assert set(park.aliases) >= {"上海浦东软件园", "上海浦东软件园国家数字服务出口基地"}
    assert park.documents == ("000", "001", "003")
    assert park.type == "national_service_export_base/digital_services"
    assert not [k for k in resolution.entities if k.startswith("base:浦东软件园") and k != park.key]
