"""Catalogue pages: public browsing (`public`), district pages (`places`) and provider staff work (`manage`)."""
