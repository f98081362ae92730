"""Bodies the local server answers with besides NCBI's recorded ones: a Europe PMC REST search
(resultType=core, the records of pubmed4/5/6.xml as Europe PMC serves them, plus a preprint
without a PMID) and a WHO-style news RSS 2.0 feed."""

EUROPEPMC_RESPONSE = {
    "version": "6.9",
    "hitCount": 3,
    "nextCursorMark": "AoIIQFvFkSgoMjc3OTc5Mzg=",
    "request": {"queryString": "(telomere) AND SRC:MED", "resultType": "core", "cursorMark": "*",
                "pageSize": 20, "sort": "", "synonym": False},
    "resultList": {"result": [
        {
            "id": "27797938", "source": "MED", "pmid": "27797938", "pmcid": "PMC5442267",
            "fullTextIdList": {"fullTextId": ["PMC5442267"]},
            "doi": "10.1136/gutjnl-2016-312510",
            "title": "Leucocyte telomere length, genetic variants at the <i>TERT</i> gene region and risk of "
                     "pancreatic cancer.",
            "authorString": "Bao Y, Prescott J, Yuan C, Zhang M, Kraft P, Babic A, Morales-Oyarvide V.",
            "authorList": {"author": [
                {"fullName": "Bao Y", "firstName": "Ying", "lastName": "Bao", "initials": "Y"},
                {"fullName": "Prescott J", "firstName": "Jennifer", "lastName": "Prescott", "initials": "J"},
                {"fullName": "Yuan C", "firstName": "Chen", "lastName": "Yuan", "initials": "C"},
            ]},
            "journalInfo": {"issue": "6", "volume": "66", "journalIssueId": 2540434,
                            "dateOfPublication": "2017 Jun", "monthOfPublication": 6, "yearOfPublication": 2017,
                            "printPublicationDate": "2017-06-01",
                            "journal": {"title": "Gut", "medlineAbbreviation": "Gut", "nlmid": "2985108R",
                                        "isoabbreviation": "Gut", "issn": "0017-5749", "essn": "1468-3288"}},
            "pubYear": "2017", "pageInfo": "1116-1122",
            "abstractText": "<h4>Objective</h4>Telomere shortening occurs as an early event in pancreatic "
                            "tumorigenesis.<h4>Design</h4>We measured prediagnostic leucocyte telomere length in "
                            "386 pancreatic cancer cases and 896 matched controls.<h4>Results</h4>Shorter "
                            "prediagnostic leucocyte telomere length was associated with higher risk of "
                            "pancreatic cancer (OR 1.72; 95% CI 1.07 to 2.78).<h4>Conclusions</h4>Prediagnostic "
                            "leucocyte telomere length and genetic variants at the <i>TERT</i> gene region were "
                            "associated with risk of pancreatic cancer.",
            "language": "eng", "pubModel": "Print-Electronic",
            "pubTypeList": {"pubType": ["Research Support, N.I.H., Extramural", "Journal Article",
                                        "Observational Study"]},
            "meshHeadingList": {"meshHeading": [
                {"majorTopic_YN": "N", "descriptorName": "Humans"},
                {"majorTopic_YN": "Y", "descriptorName": "Pancreatic Neoplasms",
                 "meshQualifierList": {"meshQualifier": [
                     {"abbreviation": "GE", "qualifierName": "genetics", "majorTopic_YN": "Y"}]}},
                {"majorTopic_YN": "N", "descriptorName": "Telomere Shortening"},
            ]},
            "keywordList": {"keyword": ["Pancreatic Cancer", "Telomere"]},
            "isOpenAccess": "N", "inEPMC": "Y", "inPMC": "N", "hasPDF": "Y", "citedByCount": 58,
            "firstPublicationDate": "2016-10-31",
        },
        {
            "id": "PPR123456", "source": "PPR", "doi": "10.1101/2024.01.01.000001",
            "title": "A preprint about telomere length in pancreatic cancer.",
            "authorString": "Doe J.", "pubYear": "2024",
            "abstractText": "A preprint abstract.", "pubTypeList": {"pubType": ["Preprint"]},
            "firstPublicationDate": "2024-01-02",
        },
        {
            "id": "28775130", "source": "MED", "pmid": "28775130", "pmcid": "PMC5771820",
            "doi": "10.1136/oemed-2017-104431",
            "title": "Occupational pesticide exposure and subclinical hypothyroidism among male pesticide "
                     "applicators.",
            "authorString": "Lerro CC, Beane Freeman LE, DellaValle CT.",
            "authorList": {"author": [
                {"fullName": "Lerro CC", "firstName": "Catherine C", "lastName": "Lerro", "initials": "CC"},
                {"fullName": "Beane Freeman LE", "firstName": "Laura E", "lastName": "Beane Freeman",
                 "initials": "LE"},
            ]},
            "journalInfo": {"volume": "75", "issue": "2", "yearOfPublication": 2018,
                            "journal": {"title": "Occupational and environmental medicine",
                                        "isoabbreviation": "Occup Environ Med"}},
            "pubYear": "2018",
            "abstractText": "<h4>Objectives</h4>Animal studies suggest that exposure to pesticides may alter "
                            "thyroid function.<h4>Results</h4>Higher exposure to the insecticide aldrin was "
                            "positively associated with subclinical hypothyroidism.",
            "pubTypeList": {"pubType": ["Journal Article", "Review"]},
            "isOpenAccess": "N", "citedByCount": 31, "firstPublicationDate": "2017-08-03",
        },
    ]},
}

WHO_RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:a10="http://www.w3.org/2005/Atom">
  <channel>
    <title>WHO news</title>
    <link>https://www.who.int/news</link>
    <description>Latest news from the World Health Organization</description>
    <language>en</language>
    <item>
      <guid isPermaLink="false">0f7c1a8e-3d1c-4f5e-9b7a-1c2d3e4f5a6b</guid>
      <link>https://www.who.int/news/item/20-11-2026-measles-cases-rise</link>
      <a10:author><a10:name>World Health Organization</a10:name></a10:author>
      <title>Measles cases rise as vaccination coverage stalls</title>
      <description>&lt;p&gt;Measles cases rose &lt;strong&gt;sharply&lt;/strong&gt; this year, WHO and partners report.&lt;/p&gt;</description>
      <pubDate>Fri, 20 Nov 2026 10:00:00 Z</pubDate>
    </item>
    <item>
      <guid isPermaLink="false">7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d</guid>
      <link>https://www.who.int/news/item/24-11-2026-antimicrobial-resistance-week</link>
      <title>World AMR Awareness Week: act now to protect our present and secure our future</title>
      <description>&lt;p&gt;Antimicrobial resistance &amp;amp; what everyone can do.&lt;/p&gt;</description>
      <pubDate>Tue, 24 Nov 2026 08:30:00 Z</pubDate>
    </item>
    <item>
      <guid isPermaLink="false">5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f</guid>
      <link>https://www.who.int/news/item/18-11-2026-diabetes-day</link>
      <title>World Diabetes Day 2026</title>
      <description>Diabetes and well-being.</description>
      <pubDate>Wed, 18 Nov 2026 09:00:00 Z</pubDate>
    </item>
  </channel>
</rss>
"""
