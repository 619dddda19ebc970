// Leaflet maps without a tile server: the city's own district boundaries are the base layer, venues are
// markers. Every map on the site has the same venues listed in text next to it.
(function () {
  "use strict";
  let districtsPromise = null;
  function districts(url) {
    if (!districtsPromise) districtsPromise = fetch(url).then((r) => r.json());
    return districtsPromise;
  }
  function init(el) {
    if (typeof L === "undefined") return;
    const points = JSON.parse(document.getElementById(el.dataset.pointsId).textContent || "[]");
    const map = L.map(el, { scrollWheelZoom: false, attributionControl: true });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Boundaries: JUSO/KOSTAT via southkorea/seoul-maps");
    const highlight = el.dataset.highlight || null;
    const markers = L.featureGroup();
    points.forEach((p) => {
      const marker = L.circleMarker([p.lat, p.lon], {
        radius: p.approximate ? 7 : 6, weight: 2, color: p.approximate ? "#5c4100" : "#08457f",
        fillColor: p.approximate ? "#fff4d6" : "#0b5cab", fillOpacity: 0.9, dashArray: p.approximate ? "3" : null,
      });
      const link = document.createElement("a");
      link.href = p.url;
      link.textContent = p.name + (p.approximate ? " (" + (el.dataset.approxLabel || "approximate") + ")" : "");
      marker.bindPopup(link);
      marker.addTo(markers);
    });
    districts(el.dataset.districtsUrl).then((geojson) => {
      const layer = L.geoJSON(geojson, {
        style: (f) => ({
          color: "#4a5560", weight: f.id === highlight ? 3 : 1, fillColor: f.id === highlight ? "#0b5cab" : "#cfd6dd",
          fillOpacity: f.id === highlight ? 0.12 : 0.25,
        }),
        onEachFeature: (f, l) => l.bindTooltip(f.properties.name_ko + " " + f.properties.name_en),
      }).addTo(map);
      markers.addTo(map);
      // A search around a point: its circle, and the view fitted to it (the results all lie inside).
      const area = el.dataset.circle ? JSON.parse(el.dataset.circle) : null;
      if (area) {
        // The bounds come from the centre (a circle's own need a map already in view).
        const centre = L.latLng(area.lat, area.lon);
        map.fitBounds(centre.toBounds(area.radius_km * 2000).pad(0.05));
        L.circle(centre, {
          radius: area.radius_km * 1000, color: "#0b5cab", weight: 2, fillOpacity: 0.06, interactive: false,
          className: "search-area",
        }).addTo(map);
        L.circleMarker(centre, { radius: 3, color: "#0b5cab", fillOpacity: 1, interactive: false }).addTo(map);
      } else if (points.length > 0) {
        map.fitBounds(markers.getBounds().pad(0.3), { maxZoom: 14 });
      } else if (highlight) {
        const target = layer.getLayers().find((l) => l.feature.id === highlight);
        map.fitBounds((target || layer).getBounds());
      } else {
        map.fitBounds(layer.getBounds());
      }
    });
  }
  document.addEventListener("DOMContentLoaded", () => document.querySelectorAll("[data-map]").forEach(init));
})();
