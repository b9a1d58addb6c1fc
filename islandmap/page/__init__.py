"""The render side: the joined map → a folium map → one self-contained HTML page.

- :mod:`~islandmap.page.contract`: the page's two JSON blocks, typed (the data contract);
- :mod:`~islandmap.page.data`: the data block from the joined map (quotes, sources,
  outlines);
- :mod:`~islandmap.page.assets`: Leaflet and the front end's files, the palette;
- :mod:`~islandmap.page.templates`: the HTML templates;
- :mod:`~islandmap.page.elements`: the folium elements that put it together;
- :mod:`~islandmap.page.build`: :func:`build_map`, the folium map with every part.
"""
