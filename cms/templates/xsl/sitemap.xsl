<?xml version="1.0" encoding="UTF-8"?>
{% load i18n static %}{% get_current_language as LANGUAGE_CODE %}{% get_current_language_bidi as LANGUAGE_BIDI %}
<!-- Shows a sitemap index or a sitemap to a person in a browser (cms/xml_styles.py). Crawlers ignore it. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9"
    xmlns:xhtml="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="sm xhtml">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <html lang="{{ LANGUAGE_CODE }}" dir="{% if LANGUAGE_BIDI %}rtl{% else %}ltr{% endif %}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>{% translate "Sitemap" %}</title>
        <link rel="stylesheet" href="{% static 'css/site.css' %}"/>
      </head>
      <body class="template-sitemap">
        <a class="skip-link" href="#main">{% translate "Skip to main content" %}</a>
        <header class="site-header">
          <div class="site-header__band container">
            <a class="site-header__name" href="{{ home_url }}">{% translate "Back to the website" %}</a>
          </div>
        </header>
        <main id="main" class="container">
          <h1>{% translate "Sitemap" %}</h1>
          <section class="xml-notice" aria-labelledby="xml-notice-heading">
            <h2 id="xml-notice-heading">{% translate "This is a sitemap" %}</h2>
            <p>{% translate "A sitemap lists the pages of this website for search engines, which read it as XML. You can follow its links too." %}</p>
          </section>
          <xsl:apply-templates select="sm:sitemapindex | sm:urlset"/>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="sm:sitemapindex">
    <section aria-labelledby="sitemaps-heading">
      <h2 id="sitemaps-heading">{% translate "Sitemaps of this website" %}</h2>
      <ul class="sitemap-list">
        <xsl:for-each select="sm:sitemap">
          <li><a href="{normalize-space(sm:loc)}"><xsl:value-of select="normalize-space(sm:loc)"/></a></li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <xsl:template match="sm:urlset">
    <section aria-labelledby="pages-heading">
      <h2 id="pages-heading">{% translate "Pages" %}</h2>
      <table class="sitemap-table">
        <caption>{% translate "Pages listed:" %} <xsl:value-of select="count(sm:url)"/></caption>
        <thead>
          <tr>
            <th scope="col">{% translate "Address" %}</th>
            <th scope="col">{% translate "Last changed" %}</th>
            <th scope="col">{% translate "Other languages" %}</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="sm:url">
            <xsl:variable name="loc" select="normalize-space(sm:loc)"/>
            <tr>
              <td><a href="{$loc}"><xsl:value-of select="$loc"/></a></td>
              <td>
                <xsl:if test="sm:lastmod"><time datetime="{normalize-space(sm:lastmod)}"><xsl:value-of select="normalize-space(sm:lastmod)"/></time></xsl:if>
              </td>
              <td>
                <ul class="sitemap-alternates">
                  <xsl:for-each select="xhtml:link[@rel='alternate'][@hreflang != 'x-default'][normalize-space(@href) != $loc]">
                    <li><a href="{@href}" hreflang="{@hreflang}" lang="{@hreflang}"><xsl:call-template name="language-name"/></a></li>
                  </xsl:for-each>
                </ul>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </section>
  </xsl:template>

  <xsl:template name="language-name">
    <xsl:choose>{% for code, name in LANGUAGES %}
      <xsl:when test="@hreflang = '{{ code }}'">{{ name }}</xsl:when>{% endfor %}
      <xsl:otherwise><xsl:value-of select="@hreflang"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
