"""Keeping the index current: publish, edit, archive and delete reach it through the outbox; a rebuild
replaces it whole; a lost, corrupt or outdated index is rebuilt from the database; one writer at a time."""

import datetime
import gc
import shutil

import pytest

from learningcity.catalogue import services
from learningcity.catalogue.models import OpportunityRun
from learningcity.catalogue.selectors import public_runs
from learningcity.core import events
from learningcity.core.models import DomainEvent
from learningcity.search import indexer, store
from learningcity.search.documents import place_key
from learningcity.search.query import RUNS
from learningcity.search.store import file_lock
from learningcity.testing import factories


def total(search, **kwargs) -> int:
    return search(**kwargs).total


class TestFollowingTheOutbox:
    def test_publish_edit_archive_reach_the_index(self, search, catch_up, gangnam):
        opportunity = factories.opportunity(provider=gangnam, title="Beekeeping on rooftops", published=False)
        run = factories.run(opportunity=opportunity, published=False)
        catch_up()
        assert total(search, q="beekeeping") == 0  # drafts are not searchable

        services.opportunity_publish(opportunity=opportunity, by=None)
        services.run_publish(run=run, by=None)
        report = catch_up()
        assert report.events >= 2 and report.runs >= 1
        assert total(search, q="beekeeping") == 1

        services.opportunity_update(opportunity=opportunity, by=None, title="Urban beekeeping")
        catch_up()
        assert search(q="beekeeping").items[0]["title"] == "Urban beekeeping"

        services.run_update(run=run, by=None, start_date=datetime.date(2027, 5, 1),
                            end_date=datetime.date(2027, 5, 30))
        catch_up()
        assert search(q="beekeeping").items[0]["start"] == "2027-05-01"

        services.opportunity_archive(opportunity=opportunity, by=None)
        catch_up()
        assert total(search, q="beekeeping") == 0

    def test_cancelled_and_archived_runs_leave(self, search, catch_up, gangnam):
        opportunity = factories.opportunity(provider=gangnam, title="Kite making")
        first, second = factories.run(opportunity=opportunity), factories.run(opportunity=opportunity)
        catch_up()
        assert total(search, q="kite") == 2
        services.run_cancel(run=first, by=None)
        services.run_archive(run=second, by=None)
        catch_up()
        assert total(search, q="kite") == 0

    def test_venue_and_provider_changes_reach_their_runs(self, search, catch_up, gangnam):
        venue = factories.venue(provider=gangnam, lat=37.5172, lon=127.0473, name="Old hall")
        factories.run(opportunity=factories.opportunity(provider=gangnam, title="Bonsai basics"), venue=venue)
        catch_up()
        services.venue_update(venue=venue, by=None, name="New hall", accessibility=["wheelchair"])
        services.provider_update(provider=gangnam, by=None, name="강남구청 평생학습")
        catch_up()
        item = search(q="bonsai", access="wheelchair").items[0]
        assert item["venue"] == "New hall" and item["provider"] == "강남구청 평생학습"

    def test_archived_then_deleted_opportunity_leaves_no_document(self, search, catch_up, gangnam):
        opportunity = factories.opportunity(provider=gangnam, title="Glassblowing")
        factories.run(opportunity=opportunity)
        catch_up()
        assert total(search, q="glassblowing") == 1
        services.opportunity_archive(opportunity=opportunity, by=None)
        services.opportunity_delete(opportunity=opportunity, by=None)
        catch_up()
        assert total(search, q="glassblowing") == 0

    def test_unrelated_events_move_the_position_without_touching_documents(self, catch_up, search):
        events.emit("learners.something.happened", learner_id=1)
        before = search().total
        catch_up()
        assert search().total == before

    def test_an_event_committed_out_of_order_is_applied_later(self, search, catch_up, gangnam):
        """PostgreSQL may make event 11 visible before event 10: 10 is remembered as a gap and applied when it
        appears. Simulated by holding back the new course's events and inserting them later, same ids."""
        position = DomainEvent.objects.order_by("-id").first().pk
        opportunity = factories.opportunity(provider=gangnam, title="Candle making")
        factories.run(opportunity=opportunity)
        held = list(DomainEvent.objects.filter(id__gt=position).order_by("id").values("id", "name", "payload"))
        DomainEvent.objects.filter(id__gt=position).delete()
        # A later event, already visible (its id given: SQLite would otherwise reuse the freed ids).
        DomainEvent.objects.create(id=held[-1]["id"] + 1, name="learners.profile.updated", payload={})
        catch_up()
        gaps = store.reader().state.gaps or {}
        assert {str(e["id"]) for e in held} <= set(gaps)
        assert total(search, q="candle") == 0  # its events have not been seen yet
        DomainEvent.objects.bulk_create([DomainEvent(**e) for e in held])
        catch_up()
        assert total(search, q="candle") == 1
        assert not {str(e["id"]) for e in held} & set(store.reader().state.gaps or {})


    def test_after_a_long_jump_the_gaps_kept_are_those_just_below_the_new_id(self, search, catch_up):
        """Thousands of ids may be skipped (rolled-back transactions, PostgreSQL sequence caching): only the ids
        nearest the newly visible one can still belong to a transaction in flight."""
        catch_up()
        position = DomainEvent.objects.order_by("-id").first().pk
        far = position + indexer.GAP_WINDOW * 5
        DomainEvent.objects.create(id=far, name="learners.profile.updated", payload={})
        catch_up()
        gaps = set(store.reader().state.gaps or {})
        assert str(far - 1) in gaps and str(far - indexer.GAP_WINDOW) in gaps
        assert str(position + 1) not in gaps


class TestRebuild:
    def test_rebuild_makes_a_new_generation_and_drops_the_old(self, demo_index, search):
        before = store.current_generation()
        report = indexer.index_rebuild()
        after = store.current_generation()
        assert after != before and not before.exists()
        assert report.documents == public_runs().count() == search().total

    def test_a_rebuild_adds_the_runs_in_the_order_of_their_places(self, demo_index):
        # Neighbouring runs get neighbouring document numbers (documents.iter_rows_by_place), which is what
        # lets a distance search skip the rest of each posting list.
        indexer.index_rebuild()
        searcher = store.reader().index.searcher()
        hits = searcher.search(RUNS, searcher.num_docs, count=False).hits
        addresses = sorted((a for _, a in hits), key=lambda a: (a.segment_ord, a.doc))
        lats = searcher.fast_field_values("lat", addresses)
        lons = searcher.fast_field_values("lon", addresses)
        assert len(addresses) == public_runs().count() > 100
        for segment in {a.segment_ord for a in addresses}:
            keys = [place_key(la, lo) for a, la, lo in zip(addresses, lats, lons) if a.segment_ord == segment]
            assert keys == sorted(keys)

    def test_a_rebuild_reports_its_progress_ending_at_the_runs_it_indexed(self, demo_index):
        calls = []
        report = indexer.index_rebuild(progress=lambda task, done, total: calls.append((done, total)))
        assert calls[0][0] == 0 and calls[-1] == (report.documents, report.documents)
        assert all(done <= total for done, total in calls)

    def test_a_rebuild_pauses_the_cycle_collector_and_turns_it_back_on(self, demo_index, monkeypatch):
        seen = []
        real = indexer.build_documents

        def watching(rows, lookups):
            seen.append(gc.isenabled())
            return real(rows, lookups)

        monkeypatch.setattr(indexer, "build_documents", watching)
        indexer.index_rebuild()
        assert seen and not any(seen) and gc.isenabled()

        def failing(rows, lookups):
            raise RuntimeError("a row the builder cannot read")

        monkeypatch.setattr(indexer, "build_documents", failing)
        live = store.current_generation()
        with pytest.raises(RuntimeError):
            indexer.index_rebuild()
        assert gc.isenabled()  # back on after a failed rebuild too
        assert store.current_generation() == live  # and the live index untouched

    def test_a_missing_index_is_built_on_catch_up(self, db, search_dir):
        from learningcity.search.params import SearchParams
        from learningcity.search.selectors import search_runs

        with pytest.raises(store.IndexUnavailable):
            store.reader()
        report = indexer.index_catch_up()
        assert report.rebuilt is not None and report.rebuilt.documents == public_runs().count()
        assert search_runs(params=SearchParams()).total == public_runs().count()

    def test_a_corrupt_index_is_rebuilt_not_trusted(self, demo_index, search):
        generation = store.current_generation()
        (generation / "meta.json").write_text("{not json")
        store.forget_reader()
        with pytest.raises(store.IndexUnavailable):
            store.reader()
        report = indexer.index_catch_up()
        assert report.rebuilt is not None
        assert search().total == public_runs().count()

    def test_an_index_of_another_schema_version_is_rebuilt(self, demo_index, search):
        index = store.open_index(store.current_generation())
        writer = index.writer(heap_size=20_000_000, num_threads=1)
        writer.delete_documents_by_query(store.META_QUERY)
        writer.add_document(store.meta_document(store.IndexState(schema=1, outbox_id=10**9)))
        writer.commit()
        writer.wait_merging_threads()
        del writer
        store.forget_reader()
        with pytest.raises(store.IndexUnavailable):
            store.reader()
        assert indexer.index_catch_up().rebuilt is not None
        assert store.reader().state.outbox_id < 10**9

    def test_deleted_index_folder(self, demo_index, search):
        shutil.rmtree(demo_index)
        store.forget_reader()
        with pytest.raises(store.IndexUnavailable):
            store.reader()
        assert indexer.index_catch_up().rebuilt is not None


class TestOneWriter:
    def test_catch_up_defers_to_a_running_follower(self, demo_index):
        with file_lock("follower.lock", wait=0) as held:
            assert held
            report = indexer.index_catch_up(wait=0.2)
        assert report.followed_elsewhere

    def test_the_follower_lock_excludes_a_second_holder(self, demo_index):
        with file_lock("follower.lock", wait=0) as first:
            with file_lock("follower.lock", wait=0) as second:
                assert first and not second


@pytest.mark.django_db(transaction=True)
def test_follower_thread_applies_a_commit_from_another_thread(city_geography_tx, search_dir, settings, monkeypatch):
    """The follower thread (as in a server worker) picks up a change committed elsewhere, from the outbox."""
    import time

    from learningcity.search.params import SearchParams
    from learningcity.search.selectors import search_runs

    monkeypatch.setattr(indexer, "FOLLOW_IN_TESTS", True)
    provider = factories.provider(name="Thread test provider")
    indexer.index_rebuild()
    indexer.ensure_follower(wait=10)
    try:
        opportunity = factories.opportunity(provider=provider, title="Falconry for beginners")
        factories.run(opportunity=opportunity)
        deadline = time.monotonic() + 10
        while search_runs(params=SearchParams(q="falconry")).total == 0:
            assert time.monotonic() < deadline, "the follower did not apply the change"
            time.sleep(0.05)
        assert OpportunityRun.objects.filter(opportunity=opportunity).exists()
    finally:
        indexer.stop_follower()
