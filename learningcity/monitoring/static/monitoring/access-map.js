// Access choropleth and what-if map. No tile server: the city's own boundaries are the base layer. Every value
// on the map is also in the tables of the page; deserts carry a dashed outline, not only a colour.
(function () {
  "use strict";
  const COLOURS = ["#f7f7f7", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"];
  function data(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent || "{}") : {};
  }
  function baseMap(el) {
    const map = L.map(el, { scrollWheelZoom: false, attributionControl: true, zoomSnap: 0.25 });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Boundaries: KOSTAT 2013 / JUSO via southkorea/seoul-maps");
    return map;
  }
  function accessMap(el) {
    const d = data("access-map-data");
    const deserts = new Set(d.deserts || []);
    const map = baseMap(el);
    fetch(el.dataset.geometryUrl).then((r) => r.json()).then((geojson) => {
      const layer = L.geoJSON(geojson, {
        pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 6 }),
        style: (f) => {
          const cls = (d.classes || {})[f.properties.code] || 0;
          const desert = deserts.has(f.properties.code);
          return { color: desert ? "#b3261e" : "#4a5560", weight: desert ? 1.4 : 0.6, dashArray: desert ? "4 3" : null,
                   fillColor: COLOURS[cls], fillOpacity: 0.85 };
        },
        onEachFeature: (f, l) => {
          const code = f.properties.code;
          const value = (d.values || {})[code] || 0;
          let text = f.properties.name_ko + " " + (f.properties.name_en || "") + ": " + value.toFixed(2) + " (" +
            el.dataset.labelClass + " " + ((d.classes || {})[code] || 0) + ")";
          if (deserts.has(code)) text += ", " + el.dataset.labelDesert;
          if (f.properties.approximate) text += ", " + el.dataset.labelApprox;
          l.bindTooltip(text);
        },
      }).addTo(map);
      map.fitBounds(layer.getBounds());
      return fetch(el.dataset.districtsUrl).then((r) => r.json()).then((districts) => {
        L.geoJSON(districts, { style: () => ({ color: "#1b1f24", weight: 1.6, fill: false }), interactive: false }).addTo(map);
      });
    });
  }
  function whatIfMap(el) {
    const d = data("what-if-data");
    const map = baseMap(el);
    const lat = document.getElementById("id_lat");
    const lon = document.getElementById("id_lon");
    const hood = document.getElementById("id_neighbourhood");
    let marker = null;
    function place(latlng, label) {
      if (marker) marker.remove();
      marker = L.circleMarker(latlng, { radius: 9, color: "#b3261e", weight: 3, fillColor: "#fff", fillOpacity: 1 })
        .bindTooltip(label).addTo(map);
    }
    fetch(el.dataset.districtsUrl).then((r) => r.json()).then((districts) => {
      const layer = L.geoJSON(districts, { style: () => ({ color: "#4a5560", weight: 1, fillColor: "#cfd6dd", fillOpacity: 0.25 }),
        onEachFeature: (f, l) => l.bindTooltip(f.properties.name_ko + " " + f.properties.name_en) }).addTo(map);
      map.fitBounds(layer.getBounds());
      (d.best || []).forEach((b) => {
        L.circleMarker([b[0], b[1]], { radius: 7, color: "#08457f", weight: 2, fillColor: "#0b5cab", fillOpacity: 0.9 })
          .bindTooltip(el.dataset.labelBest + ": " + b[2]).addTo(map);
      });
      if (d.point) place(d.point, el.dataset.labelNew);
    });
    map.on("click", (e) => {
      if (lat && lon) {
        lat.value = e.latlng.lat.toFixed(5);
        lon.value = e.latlng.lng.toFixed(5);
      }
      if (hood) hood.value = "";
      place(e.latlng, el.dataset.labelNew);
    });
  }
  document.addEventListener("DOMContentLoaded", () => {
    if (typeof L === "undefined") return;
    document.querySelectorAll("[data-access-map]").forEach(accessMap);
    document.querySelectorAll("[data-what-if-map]").forEach(whatIfMap);
  });
})();
