"""Finding the city's district for an imported venue: by name (Korean, English or slug) or in an address."""

from __future__ import annotations

from learningcity.core.models import District


class DistrictNames:
    def __init__(self) -> None:
        self.by_name: dict[str, District] = {}
        for d in District.objects.all():
            for key in (d.name_ko, d.name_en, d.slug):
                if key:
                    self.by_name[key.casefold()] = d
                    self.by_name[key.casefold().replace("-gu", "")] = d

    def find(self, name: str) -> District | None:
        return self.by_name.get((name or "").strip().casefold())

    def in_address(self, address: str) -> District | None:
        for token in (address or "").replace(",", " ").split():
            found = self.find(token)
            if found is not None:
                return found
        return None
