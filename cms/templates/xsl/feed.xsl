<?xml version="1.0" encoding="UTF-8"?>
{% load i18n static %}{% get_current_language as LANGUAGE_CODE %}{% get_current_language_bidi as LANGUAGE_BIDI %}
<!-- Shows an RSS 2.0 or Atom 1.0 feed to a person in a browser (cms/xml_styles.py). Readers ignore it.
     Dates: an entry's site:date (articles.syndication.HumanDates) as people write it, else the raw date. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
    xmlns:site="{{ human_date_namespace }}"
    exclude-result-prefixes="atom itunes site">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="normalize-space(/rss/channel/title | /atom:feed/atom:title)"/>
  <xsl:variable name="address" select="(/rss/channel/atom:link[@rel='self'] | /atom:feed/atom:link[@rel='self'])[1]/@href"/>
  <xsl:variable name="website" select="(/rss/channel/link | /atom:feed/atom:link[not(@rel) or @rel='alternate'][not(@type) or @type='text/html']/@href)[1]"/>
  <xsl:variable name="description" select="normalize-space(/rss/channel/description | /atom:feed/atom:subtitle)"/>
  <xsl:variable name="language" select="normalize-space(/rss/channel/language | /atom:feed/@xml:lang)"/>

  <xsl:template match="/">
    <html lang="{{ LANGUAGE_CODE }}" dir="{% if LANGUAGE_BIDI %}rtl{% else %}ltr{% endif %}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="$title"/> — {% translate "Feed" %}</title>
        <link rel="stylesheet" href="{% static 'css/site.css' %}"/>
      </head>
      <body class="template-feed">
        <a class="skip-link" href="#main">{% translate "Skip to main content" %}</a>
        <header class="site-header">
          <div class="site-header__band container">
            <xsl:if test="$website">
              <a class="site-header__name" href="{$website}">{% translate "Back to the website" %}</a>
            </xsl:if>
          </div>
        </header>
        <main id="main" class="container">
          <div>
            <xsl:if test="$language">
              <xsl:attribute name="lang"><xsl:value-of select="$language"/></xsl:attribute>
            </xsl:if>
            <h1><xsl:value-of select="$title"/></h1>
            <xsl:if test="$description">
              <p class="lead"><xsl:value-of select="$description"/></p>
            </xsl:if>
          </div>
          <section class="xml-notice" aria-labelledby="xml-notice-heading">
            <h2 id="xml-notice-heading">{% translate "This is a feed" %}</h2>
            <p>{% translate "A feed lets you follow new items in a feed reader or a podcast app. Copy the address below into your app to subscribe; nothing else is needed." %}</p>
            <xsl:if test="$address">
              <p>
                <label for="feed-address">{% translate "Address of this feed" %}</label>
                <input id="feed-address" class="xml-notice__address" type="url" readonly="readonly" value="{$address}"/>
              </p>
            </xsl:if>
          </section>
          <section aria-labelledby="feed-items-heading">
            <h2 id="feed-items-heading">{% translate "Latest items" %}</h2>
            <xsl:choose>
              <xsl:when test="/rss/channel/item | /atom:feed/atom:entry">
                <ul class="feed-items">
                  <xsl:if test="$language">
                    <xsl:attribute name="lang"><xsl:value-of select="$language"/></xsl:attribute>
                  </xsl:if>
                  <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
                </ul>
              </xsl:when>
              <xsl:otherwise>
                <p>{% translate "This feed has no items yet." %}</p>
              </xsl:otherwise>
            </xsl:choose>
          </section>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item | atom:entry">
    <xsl:variable name="link" select="(link | atom:link[not(@rel) or @rel='alternate']/@href)[1]"/>
    <li class="feed-item">
      <h3>
        <xsl:choose>
          <xsl:when test="$link"><a href="{$link}"><xsl:value-of select="normalize-space(title | atom:title)"/></a></xsl:when>
          <xsl:otherwise><xsl:value-of select="normalize-space(title | atom:title)"/></xsl:otherwise>
        </xsl:choose>
      </h3>
      <xsl:variable name="date" select="normalize-space((pubDate | atom:published | atom:updated)[1])"/>
      <xsl:choose>
        <xsl:when test="site:date">
          <p class="feed-item__date"><time datetime="{site:date/@datetime}"><xsl:value-of select="normalize-space(site:date)"/></time></p>
        </xsl:when>
        <xsl:when test="$date">
          <p class="feed-item__date">
            <xsl:choose>
              <xsl:when test="pubDate"><xsl:value-of select="$date"/></xsl:when>
              <xsl:otherwise><time datetime="{$date}"><xsl:value-of select="substring($date, 1, 10)"/></time></xsl:otherwise>
            </xsl:choose>
          </p>
        </xsl:when>
      </xsl:choose>
      <!-- Summaries are shown as text, never as markup: the site's summaries are plain text. A podcast's
           itunes:summary is text; an RSS description or an Atom summary of type html is that text
           escaped as HTML, so its &amp;, &lt;, &gt; (and quotes from other writers) are turned back. -->
      <xsl:choose>
        <xsl:when test="normalize-space(itunes:summary)">
          <p><xsl:value-of select="normalize-space(itunes:summary)"/></p>
        </xsl:when>
        <xsl:when test="normalize-space(description | atom:summary)">
          <p>
            <xsl:choose>
              <xsl:when test="atom:summary and not(atom:summary/@type = 'html')"><xsl:value-of select="normalize-space(atom:summary)"/></xsl:when>
              <xsl:otherwise>
                <xsl:call-template name="html-text">
                  <xsl:with-param name="text" select="normalize-space((description | atom:summary)[1])"/>
                </xsl:call-template>
              </xsl:otherwise>
            </xsl:choose>
          </p>
        </xsl:when>
      </xsl:choose>
    </li>
  </xsl:template>

  <!-- HTML-escaped text back to text: the five character references an escaper writes. Anything else
       (markup from another writer) stays visible as text: nothing is ever output as markup. -->
  <xsl:template name="html-text">
    <xsl:param name="text"/>
    <xsl:choose>
      <xsl:when test="contains($text, '&amp;')">
        <xsl:value-of select="substring-before($text, '&amp;')"/>
        <xsl:variable name="rest" select="substring-after($text, '&amp;')"/>
        <xsl:choose>
          <xsl:when test="starts-with($rest, 'amp;')">&amp;<xsl:call-template name="html-text"><xsl:with-param name="text" select="substring($rest, 5)"/></xsl:call-template></xsl:when>
          <xsl:when test="starts-with($rest, 'lt;')">&lt;<xsl:call-template name="html-text"><xsl:with-param name="text" select="substring($rest, 4)"/></xsl:call-template></xsl:when>
          <xsl:when test="starts-with($rest, 'gt;')">&gt;<xsl:call-template name="html-text"><xsl:with-param name="text" select="substring($rest, 4)"/></xsl:call-template></xsl:when>
          <xsl:when test="starts-with($rest, 'quot;')">&quot;<xsl:call-template name="html-text"><xsl:with-param name="text" select="substring($rest, 6)"/></xsl:call-template></xsl:when>
          <xsl:when test="starts-with($rest, '#x27;')">&apos;<xsl:call-template name="html-text"><xsl:with-param name="text" select="substring($rest, 6)"/></xsl:call-template></xsl:when>
          <xsl:when test="starts-with($rest, '#39;')">&apos;<xsl:call-template name="html-text"><xsl:with-param name="text" select="substring($rest, 5)"/></xsl:call-template></xsl:when>
          <xsl:otherwise>&amp;<xsl:call-template name="html-text"><xsl:with-param name="text" select="$rest"/></xsl:call-template></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
